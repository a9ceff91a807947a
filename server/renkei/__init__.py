"""情報連携 through the 中間サーバー (the city's assessment, 別添1 ③ ⑧ and section 6).

- `layout`: the messages both sides exchange, modelled on the national data standard layout of
  健康増進事業, and their strict reading (a malformed message is refused with a Japanese reason).
- `port`: where messages go and come from: a spool of files on the server (the adapter a real
  connection to the 中間サーバー replaces), never a desk.
- `simulator`: a 中間サーバー and its other cities, for the tests and the demo.
- `service`: the use cases: 情報照会 (by a supervisor, or queued after a move-in), answers
  confirmed by a second person, 副本登録 with the 自動応答不可 flag, the 情報提供等記録, purge.
- `routes`: the supervisor's HTTP routes.
"""
