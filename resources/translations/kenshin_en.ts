<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
    <context>
        <name>kenshin</name>
        <message>
            <location filename="../../app/bootstrap.py" />
            <source>このパソコンにはまだデータファイルがありません。端末の登録（システム管理者が行います）を済ませてください。</source>
            <translation>There is no data file on this computer yet. Enroll the workstation first (the system administrator does this).</translation>
        </message>
        <message>
            <location filename="../../app/bootstrap.py" />
            <source>住民数は 0〜5,000,000 の範囲で指定してください。</source>
            <translation>Give a number of residents between 0 and 5,000,000.</translation>
        </message>
        <message>
            <location filename="../../app/domain/calendar.py" />
            <source>基準日が生年月日より前のため年齢を計算できません</source>
            <translation>The age cannot be calculated: the reference date is before the date of birth</translation>
        </message>
        <message>
            <location filename="../../app/domain/customer_barcode.py" />
            <source>住所が入力されていません。</source>
            <translation>No address has been entered.</translation>
        </message>
        <message>
            <location filename="../../app/domain/customer_barcode.py" />
            <source>郵便番号は7桁の数字で入力してください（例: 100-0013）。</source>
            <translation>Enter the postal code as 7 digits (e.g. 100-0013).</translation>
        </message>
        <message>
            <location filename="../../app/domain/customer_barcode.py" />
            <source>バーの並びには L, U, D, T の文字だけを使えます。</source>
            <translation>Only the letters L, U, D and T may be used in the bar sequence.</translation>
        </message>
        <message>
            <location filename="../../app/domain/customer_barcode.py" />
            <source>バーコードの印字位置が正しくありません。</source>
            <translation>The barcode print position is not valid.</translation>
        </message>
        <message>
            <location filename="../../app/domain/eligibility.py" />
            <source>性別は M（男）または F（女）で指定してください</source>
            <translation>Give the sex as M (male) or F (female)</translation>
        </message>
        <message>
            <location filename="../../app/domain/eligibility.py" />
            <source>4月1日時点の年齢</source>
            <translation>Age on 1 April</translation>
        </message>
        <message>
            <location filename="../../app/domain/eligibility.py" />
            <source>年度末年齢</source>
            <translation>Age at fiscal year end</translation>
        </message>
        <message>
            <location filename="../../app/domain/eligibility.py" />
            <source>受診日に生活保護を受給していないため対象外</source>
            <translation>Not eligible: not receiving public assistance on the screening date</translation>
        </message>
        <message>
            <location filename="../../app/domain/eligibility.py" />
            <source>受診日に国民健康保険に加入していないため対象外</source>
            <translation>Not eligible: not in National Health Insurance on the screening date</translation>
        </message>
        <message>
            <location filename="../../app/domain/eligibility.py" />
            <source>前年度に胃内視鏡検査を受診済みのため対象外（内視鏡検査の翌年度は胃がん検診の対象外）</source>
            <translation>Not eligible: had a stomach endoscopy last fiscal year (stomach cancer screening is not offered the year after an endoscopy)</translation>
        </message>
        <message>
            <location filename="../../app/domain/eligibility.py" />
            <source>対象です</source>
            <translation>Eligible</translation>
        </message>
        <message>
            <location filename="../../app/domain/forms.py" />
            <source>使えない文字（制御文字など）が含まれています。取り除いてください</source>
            <translation>Contains characters that cannot be used (control characters etc.). Remove them</translation>
        </message>
        <message>
            <location filename="../../app/domain/forms.py" />
            <source>整数を数字だけで入力してください</source>
            <translation>Enter a whole number using digits only</translation>
        </message>
        <message>
            <location filename="../../app/domain/forms.py" />
            <source>数値を数字と小数点で入力してください</source>
            <translation>Enter a number using digits and a decimal point</translation>
        </message>
        <message>
            <location filename="../../app/domain/identity.py" />
            <source>本人確認の項目に誤りがあります: </source>
            <translation>There is an error in the identity fields: </translation>
        </message>
        <message>
            <location filename="../../app/domain/identity.py" />
            <source>氏名はカナで入力してください</source>
            <translation>Enter the name in kana</translation>
        </message>
        <message>
            <location filename="../../app/domain/identity.py" />
            <source>性別は 1（男）または 2（女）で入力してください</source>
            <translation>Enter the sex as 1 (male) or 2 (female)</translation>
        </message>
        <message>
            <location filename="../../app/domain/my_number.py" />
            <source>検査用数字の計算には11桁の数字が必要です</source>
            <translation>The check digit needs an 11-digit number</translation>
        </message>
        <message>
            <location filename="../../app/domain/my_number.py" />
            <source>入力が長すぎます（個人番号は12桁です）</source>
            <translation>The input is too long (a My Number has 12 digits)</translation>
        </message>
        <message>
            <location filename="../../app/domain/my_number.py" />
            <source>個人番号を入力してください</source>
            <translation>Enter the My Number</translation>
        </message>
        <message>
            <location filename="../../app/domain/my_number.py" />
            <source>個人番号は数字で入力してください</source>
            <translation>Enter the My Number in digits</translation>
        </message>
        <message>
            <location filename="../../app/domain/my_number.py" />
            <source>個人番号の検査用数字が一致しません。入力を確認してください</source>
            <translation>The My Number check digit does not match. Check the input</translation>
        </message>
        <message>
            <location filename="../../app/domain/passwords.py" />
            <source>パスワードに制御文字は使えません。</source>
            <translation>Control characters cannot be used in a password.</translation>
        </message>
        <message>
            <location filename="../../app/domain/passwords.py" />
            <source>職員IDを含むパスワードは使えません。</source>
            <translation>A password containing the staff ID cannot be used.</translation>
        </message>
        <message>
            <location filename="../../app/domain/passwords.py" />
            <source>よく使われている（漏えい事例の多い）パスワードのため使えません。別のものにしてください。</source>
            <translation>This password is too common (often found in breaches) and cannot be used. Choose another one.</translation>
        </message>
        <message>
            <location filename="../../app/domain/passwords.py" />
            <source>現在と同じパスワードには変更できません。</source>
            <translation>The new password must differ from the current one.</translation>
        </message>
        <message>
            <location filename="../../app/domain/policy.py" />
            <source>事務担当</source>
            <translation>Clerk</translation>
        </message>
        <message>
            <location filename="../../app/domain/policy.py" />
            <source>保護責任者</source>
            <translation>Supervisor</translation>
        </message>
        <message>
            <location filename="../../app/domain/policy.py" />
            <source>システム管理者</source>
            <translation>System administrator</translation>
        </message>
        <message>
            <location filename="../../app/domain/programs.py" />
            <source>乳がん</source>
            <translation>Breast cancer</translation>
        </message>
        <message>
            <location filename="../../app/domain/programs.py" />
            <source>健康診査（生活保護受給者等）</source>
            <translation>Health checkup (public assistance recipients etc.)</translation>
        </message>
        <message>
            <location filename="../../app/domain/programs.py" />
            <source>前立腺（国保PSA）</source>
            <translation>Prostate (NHI PSA)</translation>
        </message>
        <message>
            <location filename="../../app/domain/programs.py" />
            <source>大腸がん</source>
            <translation>Colorectal cancer</translation>
        </message>
        <message>
            <location filename="../../app/domain/programs.py" />
            <source>子宮頸がん</source>
            <translation>Cervical cancer</translation>
        </message>
        <message>
            <location filename="../../app/domain/programs.py" />
            <source>歯周疾患検診</source>
            <translation>Periodontal disease screening</translation>
        </message>
        <message>
            <location filename="../../app/domain/programs.py" />
            <source>肺がん</source>
            <translation>Lung cancer</translation>
        </message>
        <message>
            <location filename="../../app/domain/programs.py" />
            <source>胃がん（X線）</source>
            <translation>Stomach cancer (X-ray)</translation>
        </message>
        <message>
            <location filename="../../app/domain/programs.py" />
            <source>胃がん（内視鏡）</source>
            <translation>Stomach cancer (endoscopy)</translation>
        </message>
        <message>
            <location filename="../../app/domain/programs.py" />
            <source>骨粗鬆症検診</source>
            <translation>Osteoporosis screening</translation>
        </message>
        <message>
            <location filename="../../app/domain/programs.py" />
            <source>検診の設定は項目名と値の組で指定してください</source>
            <translation>Give program settings as pairs of setting name and value</translation>
        </message>
        <message>
            <location filename="../../app/domain/retention.py" />
            <source>保存期間の設定は検診の種類と年数の組で指定してください。</source>
            <translation>Give retention settings as pairs of screening program and number of years.</translation>
        </message>
        <message>
            <location filename="../../app/domain/retention.py" />
            <source>保存期間の設定に検診の種類がありません。</source>
            <translation>The retention setting has no screening program.</translation>
        </message>
        <message>
            <location filename="../../app/domain/search_query.py" />
            <source>個人番号の検査用数字が一致しません。番号を確認してください。</source>
            <translation>The My Number check digit does not match. Check the number.</translation>
        </message>
        <message>
            <location filename="../../app/domain/search_query.py" />
            <source>カナ氏名（前方一致）、生年月日（和暦・西暦）、住民番号（10桁）、受診券番号（11桁）で検索できます。</source>
            <translation>Search by kana name (prefix), date of birth (Japanese era or Western), resident number (10 digits) or voucher number (11 digits).</translation>
        </message>
        <message>
            <location filename="../../app/domain/voucher_number.py" />
            <source>受診券番号の検査用数字が一致しません。番号を確認してください。</source>
            <translation>The voucher number check digit does not match. Check the number.</translation>
        </message>
        <message>
            <location filename="../../app/domain/wareki.py" />
            <source>日付に使えない文字（制御文字など）が含まれています</source>
            <translation>The date contains characters that cannot be used (control characters etc.)</translation>
        </message>
        <message>
            <location filename="../../app/domain/wareki.py" />
            <source>7桁の日付の先頭は元号の番号（1=明治、2=大正、3=昭和、4=平成、5=令和）です</source>
            <translation>A 7-digit date starts with the era number (1=Meiji, 2=Taisho, 3=Showa, 4=Heisei, 5=Reiwa)</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>ロックまでの失敗回数</source>
            <translation>Failed logins before lock</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>ロックの時間（分）</source>
            <translation>Lock duration (minutes)</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>無操作ロックまでの時間（分）</source>
            <translation>Idle time before screen lock (minutes)</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>オフラインで使える日数</source>
            <translation>Days usable offline</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>精検受診勧奨までの月数</source>
            <translation>Months before follow-up reminder</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>前住所地への自動照会（転入後の日数）</source>
            <translation>Automatic inquiry to the former municipality (days after moving in)</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>前住所地からの照会結果の保存日数</source>
            <translation>Days to keep answers from former municipalities</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>システム管理者が印刷できるのは権限の記録だけです。</source>
            <translation>A system administrator may print only the grants history.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>端末名を64文字以内で入力してください。</source>
            <translation>Enter a workstation name of at most 64 characters.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>ファイル出力プリンター名は一覧で指定してください。</source>
            <translation>Give the file-output printer names as a list.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>ファイル出力プリンター名を一つ以上入力してください。</source>
            <translation>Enter at least one file-output printer name.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>ファイル出力プリンター名は50件まで、各100文字以内にしてください。</source>
            <translation>Give at most 50 file-output printer names, each at most 100 characters.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>この設定はここでは変更できません。</source>
            <translation>This setting cannot be changed here.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_desks.py" />
            <source>保存年数は検診ごとの年数で指定してください。</source>
            <translation>Give the retention years per screening program.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_server.py" />
            <source>管理の操作にはサーバーへの接続が必要です。サーバーに接続できる状態でログインし直してください。</source>
            <translation>Administration needs a connection to the server. Log in again while the server can be reached.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_server.py" />
            <source>この端末はサーバーに接続できません（登録の取り消し、または登録情報の欠落）。</source>
            <translation>This workstation cannot connect to the server (its enrollment was revoked or its enrollment data is missing).</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_server.py" />
            <source>サーバーに接続できないため、管理の操作はできません。時間をおいてやり直してください。</source>
            <translation>The server cannot be reached, so administration is not possible. Try again later.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_server.py" />
            <source>端末の管理は、サーバーに登録された端末からのみ行えます。</source>
            <translation>Workstations can be managed only from a workstation enrolled with the server.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_service.py" />
            <source>氏名を100文字以内で入力してください。</source>
            <translation>Enter a name of at most 100 characters.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_service.py" />
            <source>役割を一つ以上、一覧から選んでください。</source>
            <translation>Choose at least one role from the list.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_service.py" />
            <source>この職員IDは既に使われています。</source>
            <translation>This staff ID is already in use.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_service.py" />
            <source>有効期限は現在より後の日時にしてください。</source>
            <translation>The expiry must be later than now.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_service.py" />
            <source>自分自身のIDは停止できません。</source>
            <translation>You cannot disable your own ID.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_service.py" />
            <source>職員IDは半角英数字（. _ - を含む）3〜40文字で入力してください。</source>
            <translation>Enter a staff ID of 3 to 40 letters, digits or . _ -.</translation>
        </message>
        <message>
            <location filename="../../app/services/admin_service.py" />
            <source>職員IDに使えない文字が含まれています。</source>
            <translation>The staff ID contains characters that cannot be used.</translation>
        </message>
        <message>
            <location filename="../../app/services/audit_service.py" />
            <source>この端末はサーバーに登録されていないため、サーバーの記録点とは照合していません。</source>
            <translation>This workstation is not enrolled with the server, so it was not compared with the server's checkpoints.</translation>
        </message>
        <message>
            <location filename="../../app/services/audit_service.py" />
            <source>サーバーに接続できないため、サーバーの記録点とは照合できませんでした（ローカルの検査結果のみ）。</source>
            <translation>The server could not be reached, so it was not compared with the server's checkpoints (local check only).</translation>
        </message>
        <message>
            <location filename="../../app/services/audit_service.py" />
            <source>サーバーにはまだ記録点がありません。</source>
            <translation>The server has no checkpoints yet.</translation>
        </message>
        <message>
            <location filename="../../app/services/audit_service.py" />
            <source>期間の終わりが始まりより前になっています。期間を直してください。</source>
            <translation>The end of the period is before its start. Correct the period.</translation>
        </message>
        <message>
            <location filename="../../app/services/audit_service.py" />
            <source>まだ来ていない期間は確認済みにできません。</source>
            <translation>A period that has not ended yet cannot be marked reviewed.</translation>
        </message>
        <message>
            <location filename="../../app/services/audit_service.py" />
            <source>この期間には記録がありません。確認済みにはできません。</source>
            <translation>There are no records in this period. It cannot be marked reviewed.</translation>
        </message>
        <message>
            <location filename="../../app/services/auth_service.py" />
            <source>このIDは利用停止中か、有効な権限がありません。システム管理者に連絡してください。</source>
            <translation>This ID is disabled or has no valid role. Contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../app/services/auth_service.py" />
            <source>現在のパスワードが正しくありません。</source>
            <translation>The current password is not correct.</translation>
        </message>
        <message>
            <location filename="../../app/services/correction_service.py" />
            <source>訂正する項目を一つ以上入力してください。</source>
            <translation>Enter at least one field to correct.</translation>
        </message>
        <message>
            <location filename="../../app/services/correction_service.py" />
            <source>この結果には承認待ちの申請があります。先にそちらを承認または却下してください。</source>
            <translation>This result already has a request awaiting approval. Approve or reject that one first.</translation>
        </message>
        <message>
            <location filename="../../app/services/correction_service.py" />
            <source>承認待ちの訂正</source>
            <translation>Correction awaiting approval</translation>
        </message>
        <message>
            <location filename="../../app/services/correction_service.py" />
            <source>自分が申請した訂正は承認できません。別の職員が確認します。</source>
            <translation>You cannot approve a correction you requested. Another staff member will check it.</translation>
        </message>
        <message>
            <location filename="../../app/services/correction_service.py" />
            <source>照合済みの結果</source>
            <translation>Verified result</translation>
        </message>
        <message>
            <location filename="../../app/services/desk_service.py" />
            <source>1回目の入力待ちの用紙</source>
            <translation>Forms awaiting first entry</translation>
        </message>
        <message>
            <location filename="../../app/services/desk_service.py" />
            <source>2回目の入力待ちの用紙</source>
            <translation>Forms awaiting second entry</translation>
        </message>
        <message>
            <location filename="../../app/services/desk_service.py" />
            <source>差し戻された自分の入力</source>
            <translation>My entries returned</translation>
        </message>
        <message>
            <location filename="../../app/services/desk_service.py" />
            <source>登録されている住民</source>
            <translation>Residents in the register</translation>
        </message>
        <message>
            <location filename="../../app/services/desk_service.py" />
            <source>照合確認待ちの用紙</source>
            <translation>Forms awaiting verification</translation>
        </message>
        <message>
            <location filename="../../app/services/desk_service.py" />
            <source>承認待ちの訂正・削除</source>
            <translation>Corrections and deletions awaiting approval</translation>
        </message>
        <message>
            <location filename="../../app/services/desk_service.py" />
            <source>権限外の操作の記録</source>
            <translation>Records of actions not permitted</translation>
        </message>
        <message>
            <location filename="../../app/services/desk_service.py" />
            <source>ログイン失敗の記録</source>
            <translation>Records of failed logins</translation>
        </message>
        <message>
            <location filename="../../app/services/desk_service.py" />
            <source>職員アカウント</source>
            <translation>Staff accounts</translation>
        </message>
        <message>
            <location filename="../../app/services/desk_service.py" />
            <source>下書きが大きすぎるため保存できません。</source>
            <translation>The draft is too large to save.</translation>
        </message>
        <message>
            <location filename="../../app/services/enrollment_service.py" />
            <source>サーバーのURLは https://kenshin.example.lg.jp のように https:// で始めて入力してください。</source>
            <translation>Enter the server URL starting with https://, for example https://kenshin.example.lg.jp.</translation>
        </message>
        <message>
            <location filename="../../app/services/enrollment_service.py" />
            <source>サーバーのCA証明書（PEM形式）を読み取れません。-----BEGIN CERTIFICATE----- から -----END CERTIFICATE----- までをそのまま貼り付けてください。</source>
            <translation>The server's CA certificate (PEM) cannot be read. Paste everything from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE----- as it is.</translation>
        </message>
        <message>
            <location filename="../../app/services/enrollment_service.py" />
            <source>登録コードは6〜64文字の英数字で入力してください（システム管理者が発行します）。</source>
            <translation>Enter an enrollment code of 6 to 64 letters and digits (issued by the system administrator).</translation>
        </message>
        <message>
            <location filename="../../app/services/enrollment_service.py" />
            <source>端末名は1〜64文字で入力してください。</source>
            <translation>Enter a workstation name of 1 to 64 characters.</translation>
        </message>
        <message>
            <location filename="../../app/services/enrollment_service.py" />
            <source>資格情報ストアが使えないため、この端末を登録できません。</source>
            <translation>The credential store is not available, so this workstation cannot be enrolled.</translation>
        </message>
        <message>
            <location filename="../../app/services/enrollment_service.py" />
            <source>この端末には送信されていない記録があります。登録し直す前に同期を済ませてください。</source>
            <translation>This workstation has records not yet sent. Sync before enrolling again.</translation>
        </message>
        <message>
            <location filename="../../app/services/enrollment_service.py" />
            <source>この登録コードは窓口端末用ではありません。</source>
            <translation>This enrollment code is not for a desk workstation.</translation>
        </message>
        <message>
            <location filename="../../app/services/entry_service.py" />
            <source>医療機関コードは10桁の数字で入力してください。</source>
            <translation>Enter the clinic code as 10 digits.</translation>
        </message>
        <message>
            <location filename="../../app/services/entry_service.py" />
            <source>対象月は 2026-05 のように入力してください。</source>
            <translation>Enter the month as in 2026-05.</translation>
        </message>
        <message>
            <location filename="../../app/services/entry_service.py" />
            <source>この用紙はあなたが入力済みです。もう一方の入力は別の職員が行います。</source>
            <translation>You have already keyed this form. The other entry is made by another staff member.</translation>
        </message>
        <message>
            <location filename="../../app/services/entry_service.py" />
            <source>この用紙は2人の職員が入力中または入力済みです。</source>
            <translation>Two staff members are keying or have keyed this form already.</translation>
        </message>
        <message>
            <location filename="../../app/services/entry_service.py" />
            <source>この入力は登録済みです。</source>
            <translation>This entry has already been submitted.</translation>
        </message>
        <message>
            <location filename="../../app/services/errors.py" />
            <source>職員IDまたはパスワードが正しくありません。</source>
            <translation>The staff ID or password is not correct.</translation>
        </message>
        <message>
            <location filename="../../app/services/errors.py" />
            <source>この操作を行う権限がありません。操作は記録されました。</source>
            <translation>You are not permitted to do this. The attempt has been recorded.</translation>
        </message>
        <message>
            <location filename="../../app/services/errors.py" />
            <source>このIDは利用停止されたか、有効な権限がなくなりました。ログアウトします。</source>
            <translation>This ID has been disabled or no longer has a valid role. Logging out.</translation>
        </message>
        <message>
            <location filename="../../app/services/errors.py" />
            <source>パスワードの変更が必要です。先にパスワードを変更してください。</source>
            <translation>You must change your password. Change it first.</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>受診</source>
            <translation>Attended</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>未受診</source>
            <translation>Not attended</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>未把握</source>
            <translation>Unknown</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>確認待ち</source>
            <translation>Awaiting confirmation</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>確認済み</source>
            <translation>Confirmed</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>この結果の精検結果は確認済みです。変更は保護責任者に相談してください。</source>
            <translation>The follow-up result of this screening has been confirmed. Consult a supervisor to change it.</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>自分が入力した精検結果は確認できません。別の職員が確認します。</source>
            <translation>You cannot confirm a follow-up result you entered. Another staff member will confirm it.</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>再入力した受診状況・精検結果が入力内容と一致しません。報告書を確認し、違っていれば入力した職員が入力し直してください。</source>
            <translation>The attendance and follow-up result keyed again do not match the entry. Check the report; if they differ, the staff member who entered it re-enters it.</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>改行や制御文字は入力できません。</source>
            <translation>Line breaks and control characters cannot be entered.</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>精検の受診状況（受診・未受診・未把握）を選んでください。</source>
            <translation>Choose the follow-up attendance (attended, not attended, unknown).</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>精検結果は、がん・がんの疑い又は未確定・異常認めず・がん以外の疾患から選んでください。</source>
            <translation>Choose the follow-up result: cancer, suspected or undetermined cancer, no abnormality, or a disease other than cancer.</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>精検結果は、受診状況が「受診」のときだけ入力できます。</source>
            <translation>A follow-up result can be entered only when the attendance is “Attended”.</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>精検の受診日は、受診状況が「受診」のときだけ入力できます。</source>
            <translation>A follow-up date can be entered only when the attendance is “Attended”.</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>精検を受診した場合は、精検結果を選んでください。</source>
            <translation>If the follow-up was attended, choose its result.</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>精検の受診日に未来の日付は入力できません。</source>
            <translation>The follow-up date cannot be in the future.</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>精検の受診日が検診の受診日より前になっています。</source>
            <translation>The follow-up date is before the screening date.</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>要精検の結果ではありません。精検結果は要精検の結果にだけ入力できます。</source>
            <translation>This result does not need follow-up. Follow-up results are entered only for results needing follow-up.</translation>
        </message>
        <message>
            <location filename="../../app/services/followup_service.py" />
            <source>前住所地の市区町村で受けた検診の結果です。精検結果は当市の検診の結果にだけ入力できます。</source>
            <translation>This is a result of a screening taken in the former municipality. Detailed examinations can be recorded only for this city's screenings.</translation>
        </message>
        <message>
            <location filename="../../app/services/issuance_service.py" />
            <source>受診券番号の在庫がありません。サーバーに接続して同期してください。</source>
            <translation>No voucher numbers are left in stock. Connect to the server and sync.</translation>
        </message>
        <message>
            <location filename="../../app/services/issuance_service.py" />
            <source>支援措置の対象者です。受診券は自動では発行できません。保護責任者が確認のうえ、現住所あてに個別に発行します。</source>
            <translation>This resident is under a support measure. A voucher cannot be issued automatically; a supervisor checks and issues it individually to the current address.</translation>
        </message>
        <message>
            <location filename="../../app/services/issuance_service.py" />
            <source>有効な受診券</source>
            <translation>Valid voucher</translation>
        </message>
        <message>
            <location filename="../../app/services/online_auth.py" />
            <source>パスワードの変更にはサーバーへの接続が必要です。接続を確認してからもう一度お試しください。</source>
            <translation>Changing the password needs a connection to the server. Check the connection and try again.</translation>
        </message>
        <message>
            <location filename="../../app/services/printing_service.py" />
            <source>受診券（はがき）</source>
            <translation>Screening voucher (postcard)</translation>
        </message>
        <message>
            <location filename="../../app/services/printing_service.py" />
            <source>受診券（A4）</source>
            <translation>Screening voucher (A4)</translation>
        </message>
        <message>
            <location filename="../../app/services/printing_service.py" />
            <source>結果通知</source>
            <translation>Result notice</translation>
        </message>
        <message>
            <location filename="../../app/services/printing_service.py" />
            <source>地域保健・健康増進事業報告</source>
            <translation>Community Health and Health Promotion Report</translation>
        </message>
        <message>
            <location filename="../../app/services/printing_service.py" />
            <source>印刷する文書の種類が不明です。</source>
            <translation>Unknown kind of document to print.</translation>
        </message>
        <message>
            <location filename="../../app/services/quality_service.py" />
            <source>集計の単位を選んでください（職員・検診・項目・月）。</source>
            <translation>Choose how to group (staff, program, field, month).</translation>
        </message>
        <message>
            <location filename="../../app/services/reconcile.py" />
            <source>住民記録に一致する人がいません</source>
            <translation>No resident in the register matches</translation>
        </message>
        <message>
            <location filename="../../app/services/reconcile.py" />
            <source>一致する人が複数います</source>
            <translation>Several residents match</translation>
        </message>
        <message>
            <location filename="../../app/services/reconcile.py" />
            <source>受診券番号が発行記録にありません</source>
            <translation>The voucher number is not among the issued vouchers</translation>
        </message>
        <message>
            <location filename="../../app/services/reconcile.py" />
            <source>受診券が無効（取消・再発行済み）です</source>
            <translation>The voucher is not valid (voided or reissued)</translation>
        </message>
        <message>
            <location filename="../../app/services/reconcile.py" />
            <source>受診券の本人と氏名・生年月日・性別が一致しません</source>
            <translation>The name, date of birth or sex does not match the voucher's holder</translation>
        </message>
        <message>
            <location filename="../../app/services/reconcile.py" />
            <source>住所が住民記録と一致しません</source>
            <translation>The address does not match the resident register</translation>
        </message>
        <message>
            <location filename="../../app/services/reminder_service.py" />
            <source>照合済みの結果が見つかりません。</source>
            <translation>The verified result was not found.</translation>
        </message>
        <message>
            <location filename="../../app/services/reminder_service.py" />
            <source>支援措置の対象者です。通知は保護責任者が確認して個別に送付します。</source>
            <translation>This resident is under a support measure. A supervisor checks and sends the notice individually.</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>送信待ち</source>
            <translation>Waiting to send</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>照会中</source>
            <translation>Inquiring</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>回答あり</source>
            <translation>Answered</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>該当なし</source>
            <translation>No record</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>自動応答不可</source>
            <translation>No automatic answer</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>取込済み</source>
            <translation>Taken in</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>差戻し</source>
            <translation>Returned</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>職員の依頼</source>
            <translation>Staff request</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>照会の依頼</source>
            <translation>Inquiry requested</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>照会への回答の受信</source>
            <translation>Answer received</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>情報提供</source>
            <translation>Information provided</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>情報提供の保留</source>
            <translation>Provision withheld</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>副本登録</source>
            <translation>Copy registered</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>副本の訂正</source>
            <translation>Copy corrected</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>副本の削除</source>
            <translation>Copy deleted</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>自動応答不可の設定</source>
            <translation>Automatic answers refused</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>自動応答不可の解除</source>
            <translation>Automatic answers allowed again</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>保存期間経過による削除</source>
            <translation>Deleted after the retention period</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>回答の取込</source>
            <translation>Answer taken in</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_dto.py" />
            <source>受信電文の拒否</source>
            <translation>Incoming message refused</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_service.py" />
            <source>情報連携にはサーバーへのオンラインのログインが必要です。サーバーに接続できる状態でログインし直してください。</source>
            <translation>Data linkage needs an online login to the server. Log in again while the server can be reached.</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_service.py" />
            <source>この端末はサーバーに登録されていないため、情報連携は行えません。</source>
            <translation>This workstation is not enrolled with the server, so data linkage is not available.</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_service.py" />
            <source>サーバーの応答を読み取れませんでした。</source>
            <translation>The server's response could not be read.</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_service.py" />
            <source>回答の状態が正しくありません。</source>
            <translation>The state of the answers is not valid.</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_service.py" />
            <source>次の同期でこの端末の受診歴にも反映されます。</source>
            <translation>The next sync brings it into this workstation's history too.</translation>
        </message>
        <message>
            <location filename="../../app/services/renkei_service.py" />
            <source>理由は文字で入力してください。</source>
            <translation>Enter the reason as text.</translation>
        </message>
        <message>
            <location filename="../../app/services/retention_service.py" />
            <source>保存期間の管理にはサーバーへのオンラインのログインが必要です。サーバーに接続できる状態でログインし直してください。</source>
            <translation>Managing retention needs an online login to the server. Log in again while the server can be reached.</translation>
        </message>
        <message>
            <location filename="../../app/services/retention_service.py" />
            <source>この端末はサーバーに登録されていないため、保存期間の管理は行えません。</source>
            <translation>This workstation is not enrolled with the server, so retention cannot be managed.</translation>
        </message>
        <message>
            <location filename="../../app/services/retention_service.py" />
            <source>検診の種類が正しくありません。</source>
            <translation>The screening program is not valid.</translation>
        </message>
        <message>
            <location filename="../../app/services/statistics_service.py" />
            <source>年度は2000〜2200年度の範囲で指定してください。</source>
            <translation>Give a fiscal year between 2000 and 2200.</translation>
        </message>
        <message>
            <location filename="../../app/services/statistics_service.py" />
            <source>その検診はありません。一覧から選んでください。</source>
            <translation>There is no such screening program. Choose one from the list.</translation>
        </message>
        <message>
            <location filename="../../app/services/sync_service.py" />
            <source>用紙の束</source>
            <translation>Form batch</translation>
        </message>
        <message>
            <location filename="../../app/services/sync_service.py" />
            <source>この端末はまだサーバーに登録されていません。</source>
            <translation>This workstation is not enrolled with the server yet.</translation>
        </message>
        <message>
            <location filename="../../app/services/sync_service.py" />
            <source>端末の登録情報が資格情報ストアに見つかりません。システム管理者に連絡してください。</source>
            <translation>The workstation's enrollment data is missing from the credential store. Contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../app/services/sync_service.py" />
            <source>操作は「再送」か「破棄」を選んでください。</source>
            <translation>Choose “Resend” or “Discard”.</translation>
        </message>
        <message>
            <location filename="../../app/services/target_service.py" />
            <source>抽出を中止しました。結果は作成されていません。</source>
            <translation>The extraction was stopped. No result was made.</translation>
        </message>
        <message>
            <location filename="../../app/services/verification_service.py" />
            <source>判断は「採用」か「差し戻し」を選んでください。</source>
            <translation>Choose “Accept” or “Return”.</translation>
        </message>
        <message>
            <location filename="../../app/services/verification_service.py" />
            <source>先に用紙の値を入力してください。</source>
            <translation>Enter the value on the form first.</translation>
        </message>
        <message>
            <location filename="../../app/services/verification_service.py" />
            <source>自分が入力した用紙は確認できません。別の保護責任者が確認します。</source>
            <translation>You cannot verify a form you keyed. Another supervisor will verify it.</translation>
        </message>
        <message>
            <location filename="../../app/services/verification_service.py" />
            <source>この用紙は確認待ちではありません。</source>
            <translation>This form is not awaiting verification.</translation>
        </message>
        <message>
            <location filename="../../app/services/verification_service.py" />
            <source>確認する項目</source>
            <translation>Field to verify</translation>
        </message>
        <message>
            <location filename="../../app/store/errors.py" />
            <source>データファイルの暗号鍵がこのパソコンの資格情報ストアに見つかりません。データファイルは削除せずにそのまま残しています。システム管理者に連絡してください。</source>
            <translation>The data file's encryption key was not found in this computer's credential store. The data file has been left as it is, not deleted. Contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../app/store/errors.py" />
            <source>暗号鍵がデータファイルと一致しないため開けません（鍵の誤り、またはファイルの破損）。データファイルは変更していません。システム管理者に連絡してください。</source>
            <translation>The encryption key does not match the data file, so it cannot be opened (wrong key or damaged file). The data file has not been changed. Contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../app/store/errors.py" />
            <source>データファイルが暗号化されていません。安全のため使用を中止しました。ファイルは変更していません。システム管理者に連絡してください。</source>
            <translation>The data file is not encrypted; it was not used, for safety. The file has not been changed. Contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../app/store/errors.py" />
            <source>このパソコンの資格情報ストア（キーリング）が利用できないため、暗号鍵を保管できません。システム管理者に連絡してください。</source>
            <translation>This computer's credential store (keyring) is not available, so the encryption key cannot be stored. Contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../app/sync/engine.py" />
            <source>この端末の登録は取り消されました。同期を停止しました。システム管理者に連絡してください。</source>
            <translation>This workstation's enrollment has been revoked. Sync has stopped. Contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../app/sync/engine.py" />
            <source>この端末の監査ログがサーバーの記録より短くなっています（切り詰めまたは巻き戻し）。システム管理者に連絡してください。</source>
            <translation>This workstation's audit log is shorter than the server's record (truncated or rolled back). Contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../app/sync/engine.py" />
            <source>この職員の利用は停止されました。ログアウトします。</source>
            <translation>This staff member has been disabled. Logging out.</translation>
        </message>
        <message>
            <location filename="../../app/sync/engine.py" />
            <source>送信にはオンラインでの再ログインが必要です。</source>
            <translation>Sending needs an online login again.</translation>
        </message>
        <message>
            <location filename="../../app/sync/offline_grant.py" />
            <source>この端末でのオフラインログインの許可がありません。サーバーに接続できる状態で一度ログインしてください。</source>
            <translation>This workstation has no permission for offline login. Log in once while the server can be reached.</translation>
        </message>
        <message>
            <location filename="../../app/sync/offline_grant.py" />
            <source>オフラインログインの有効期限が切れています。サーバーに接続できる状態でログインしてください。</source>
            <translation>The offline login permission has expired. Log in while the server can be reached.</translation>
        </message>
        <message>
            <location filename="../../app/sync/offline_grant.py" />
            <source>この端末の時計がサーバーの時刻より遅れているため、オフラインではログインできません。時計を確認するか、サーバーに接続してください。</source>
            <translation>This workstation's clock is behind the server's time, so offline login is not possible. Check the clock or connect to the server.</translation>
        </message>
        <message>
            <location filename="../../app/sync/pull.py" />
            <source>サーバーから受け取ったデータを確認できませんでした。次の同期で再試行します。</source>
            <translation>The data received from the server could not be checked. It will be retried at the next sync.</translation>
        </message>
        <message>
            <location filename="../../server/audit_chain.py" />
            <source>サーバーが記録済みの内容と異なります</source>
            <translation>Differs from what the server has recorded</translation>
        </message>
        <message>
            <location filename="../../server/audit_chain.py" />
            <source>直前の記録とのつながりが一致しません</source>
            <translation>The link to the previous record does not match</translation>
        </message>
        <message>
            <location filename="../../server/audit_chain.py" />
            <source>記録の内容がハッシュと一致しません</source>
            <translation>The record's content does not match its hash</translation>
        </message>
        <message>
            <location filename="../../server/demo.py" />
            <source>東京都千代田区</source>
            <translation>Chiyoda, Tokyo</translation>
        </message>
        <message>
            <location filename="../../server/demo.py" />
            <source>横浜市</source>
            <translation>Yokohama</translation>
        </message>
        <message>
            <location filename="../../server/deps.py" />
            <source>連携用アカウントはデータの取り込み以外には使えません。</source>
            <translation>An integration account can be used only to import data.</translation>
        </message>
        <message>
            <location filename="../../server/deps.py" />
            <source>データの取り込みは連携用アカウントだけが行えます。</source>
            <translation>Only an integration account can import data.</translation>
        </message>
        <message>
            <location filename="../../server/deps.py" />
            <source>ログインしていません。ログインしてください。</source>
            <translation>You are not logged in. Log in.</translation>
        </message>
        <message>
            <location filename="../../server/deps.py" />
            <source>ログアウト済みです。もう一度ログインしてください。</source>
            <translation>You have logged out. Log in again.</translation>
        </message>
        <message>
            <location filename="../../server/deps.py" />
            <source>初期パスワードのままです。パスワードを変更してから操作してください。</source>
            <translation>The initial password is still in use. Change the password before doing anything else.</translation>
        </message>
        <message>
            <location filename="../../server/deps.py" />
            <source>システム管理者だけが行える操作です。</source>
            <translation>Only a system administrator can do this.</translation>
        </message>
        <message>
            <location filename="../../server/errors.py" />
            <source>認証情報がないか、正しくありません。端末の登録またはログインをやり直してください。</source>
            <translation>The credentials are missing or not valid. Enroll the workstation or log in again.</translation>
        </message>
        <message>
            <location filename="../../server/errors.py" />
            <source>この端末の登録は取り消されています。システム管理者に連絡してください。</source>
            <translation>This workstation's enrollment has been revoked. Contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../server/errors.py" />
            <source>ログインの有効期限が切れました。もう一度ログインしてください。</source>
            <translation>The login has expired. Log in again.</translation>
        </message>
        <message>
            <location filename="../../server/errors.py" />
            <source>この操作を行う権限がありません。</source>
            <translation>You are not permitted to do this.</translation>
        </message>
        <message>
            <location filename="../../server/errors.py" />
            <source>同期位置が古いか別の範囲のものです。このデータを最初から取得し直してください。</source>
            <translation>The sync position is outdated or from another range. Fetch this data again from the start.</translation>
        </message>
        <message>
            <location filename="../../server/errors.py" />
            <source>指定されたものが見つかりません。</source>
            <translation>What was asked for was not found.</translation>
        </message>
        <message>
            <location filename="../../server/errors.py" />
            <source>送信された内容の形式が正しくありません。</source>
            <translation>The format of what was sent is not valid.</translation>
        </message>
        <message>
            <location filename="../../server/errors.py" />
            <source>サーバーが混み合っています。しばらくしてから再度お試しください。</source>
            <translation>The server is busy. Try again in a while.</translation>
        </message>
        <message>
            <location filename="../../server/errors.py" />
            <source>サーバー内部でエラーが発生しました。しばらくしてから再度お試しください。</source>
            <translation>An internal error occurred on the server. Try again in a while.</translation>
        </message>
        <message>
            <location filename="../../server/errors.py" />
            <source>送信された内容に、保存や検索に使えない文字や値（NUL文字など）が含まれています。</source>
            <translation>The request contains characters or values that cannot be stored or searched (such as NUL characters).</translation>
        </message>
        <message>
            <location filename="../../server/purge.py" />
            <source>指定された住民が見つかりません。</source>
            <translation>The resident was not found.</translation>
        </message>
        <message>
            <location filename="../../server/push.py" />
            <source>同じ用紙の2回目入力が別の端末で既に登録されています。保護責任者の確認待ちに回しました。</source>
            <translation>The second entry of the same form has already been submitted on another workstation. It has been passed to a supervisor for review.</translation>
        </message>
        <message>
            <location filename="../../server/push.py" />
            <source>同じ束の同じ用紙番号が別の端末で既に登録されています。保護責任者の確認待ちに回しました。</source>
            <translation>The same form number in the same batch has already been submitted on another workstation. It has been passed to a supervisor for review.</translation>
        </message>
        <message>
            <location filename="../../server/push.py" />
            <source>この受診券番号は既に別の受診券で使われています。保護責任者の確認待ちに回しました。</source>
            <translation>This voucher number is already used by another voucher. It has been passed to a supervisor for review.</translation>
        </message>
        <message>
            <location filename="../../server/push.py" />
            <source>この検診結果の精検結果は別の端末で既に登録されています。保護責任者の確認待ちに回しました。</source>
            <translation>A follow-up result for this screening result has already been submitted on another workstation. It has been passed to a supervisor for review.</translation>
        </message>
        <message>
            <location filename="../../server/push.py" />
            <source>同じidで内容の異なる記録がサーバーにあります。保護責任者の確認待ちに回しました。</source>
            <translation>The server has a record with the same id but different content. It has been passed to a supervisor for review.</translation>
        </message>
        <message>
            <location filename="../../server/push.py" />
            <source>他の端末が同じ項目を先に変更しています。保護責任者の確認待ちに回しました。</source>
            <translation>Another workstation changed the same field first. It has been passed to a supervisor for review.</translation>
        </message>
        <message>
            <location filename="../../server/push.py" />
            <source>他の端末の変更と別の項目だったため、両方の変更を反映しました（確認用に記録しました）。</source>
            <translation>The other workstation changed different fields, so both changes were applied (recorded for review).</translation>
        </message>
        <message>
            <location filename="../../server/push.py" />
            <source>関連する記録がまだサーバーに届いていません。後で自動的に再送します。</source>
            <translation>A related record has not reached the server yet. It will be resent automatically later.</translation>
        </message>
        <message>
            <location filename="../../server/push.py" />
            <source>この種類の記録は変更できません（訂正は新しい記録として登録してください）。</source>
            <translation>Records of this kind cannot be changed (submit a correction as a new record).</translation>
        </message>
        <message>
            <location filename="../../server/push.py" />
            <source>この用紙の入力が別の端末の入力と競合したため、この端末での照合の結果も保護責任者の確認待ちに回しました。</source>
            <translation>The entries of this form conflicted with entries on another workstation, so this workstation's verification was also passed to a supervisor for review.</translation>
        </message>
        <message>
            <location filename="../../server/push.py" />
            <source>サーバーにない版を元にした変更です。この記録を取得し直してください。</source>
            <translation>This change is based on a version the server does not have. Fetch this record again.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>健康増進法による健康増進事業の実施に関する事務</source>
            <translation>Affairs of health promotion programs under the Health Promotion Act</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>健（検）診に関する情報</source>
            <translation>Information on health checkups and screenings</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>未受診・未把握</source>
            <translation>Not attended / unknown</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>検診種別</source>
            <translation>Screening type</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>電文がJSON（UTF-8）として読めません。</source>
            <translation>The message cannot be read as JSON (UTF-8).</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>電文の形式が正しくありません（オブジェクトではありません）。</source>
            <translation>The message is malformed (not an object).</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>電文のレイアウト版数が対応していないものです。</source>
            <translation>The message's layout version is not supported.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>電文の種別が不明です。</source>
            <translation>The kind of the message is unknown.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>「screenings」は一覧で指定してください。</source>
            <translation>"screenings" must be a list.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>電文の「my_number」は12桁の数字で指定してください。</source>
            <translation>"my_number" of a message must be 12 digits.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>電文の「refused」は真偽値で指定してください。</source>
            <translation>"refused" of a message must be true or false.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>照会の事務または特定個人情報の項目が照会許可の一覧にありません。</source>
            <translation>The affair or the item of specific personal information is not in the list of permitted inquiries.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>副本の操作は register / correct / delete のいずれかです。</source>
            <translation>The operation on a copy must be register, correct or delete.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>副本の削除に検診結果を付けることはできません。</source>
            <translation>A deletion of a copy cannot carry screening results.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>照会結果の「status」は provided / no_record / withheld のいずれかです。</source>
            <translation>"status" of an answer must be provided, no_record or withheld.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>提供ありの照会結果に検診結果がありません。</source>
            <translation>An answer marked provided carries no screening results.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>提供なしの照会結果に検診結果が含まれています。</source>
            <translation>An answer marked not provided carries screening results.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>提供通知の「status」は provided / withheld のいずれかです。</source>
            <translation>"status" of a provision notice must be provided or withheld.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/layout.py" />
            <source>提供通知の「count」は0以上の整数で指定してください。</source>
            <translation>"count" of a provision notice must be an integer of 0 or more.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/routes.py" />
            <source>情報連携は保護責任者だけが行えます。</source>
            <translation>Only a supervisor may use data linkage.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/routes.py" />
            <source>他の区の住民は照会できません。</source>
            <translation>You cannot make inquiries about residents of another ward.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/routes.py" />
            <source>他の区の住民の照会結果は扱えません。</source>
            <translation>You cannot handle answers about residents of another ward.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>回答がないまま期限を過ぎました。必要なら改めて照会してください。</source>
            <translation>No answer came before the time limit. Make a new inquiry if needed.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>前住所地に検診結果の記録はありませんでした。</source>
            <translation>The former municipality has no screening results on record.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>前住所地では自動応答ができない方のため、回答は前住所地から個別に行われます。</source>
            <translation>The former municipality cannot answer automatically for this person; it will answer separately.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>情報連携（中間サーバーとの接続）がこのサーバーに設定されていません。システム管理者に連絡してください。</source>
            <translation>Data linkage (the connection to the intermediate server) is not set up on this server. Contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>指定された住民が住民記録にありません。</source>
            <translation>The resident is not in the register.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>転入日のない住民は、前住所地に照会できません。</source>
            <translation>A resident without a move-in date cannot be asked about at a former municipality.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>転出または死亡した住民は照会できません。</source>
            <translation>A resident who moved out or died cannot be asked about.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>個人番号が登録されていない住民は、情報提供ネットワークシステムで照会できません。</source>
            <translation>A resident without an Individual Number on record cannot be looked up through the information provision network.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>この住民には回答待ちの照会が既にあります。回答をお待ちください。</source>
            <translation>This resident already has an inquiry waiting for an answer. Please wait for it.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>照会を依頼した職員とは別の職員が確認してください。</source>
            <translation>Someone other than the staff member who made the inquiry must confirm it.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>この回答の住民は住民記録にありません（消去済み）。取り込めません。</source>
            <translation>The resident of this answer is no longer in the register (erased). It cannot be taken in.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>差し戻しの理由を入力してください。</source>
            <translation>Enter the reason for returning it.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>指定された照会結果が見つかりません（保存期間を過ぎて削除済みの場合もあります）。</source>
            <translation>The answer was not found (it may have been deleted after its retention period).</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>この照会結果は既に確認または差し戻しされています。</source>
            <translation>This answer has already been confirmed or returned.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>副本を登録</source>
            <translation>Register copy</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>副本を訂正</source>
            <translation>Correct copy</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>副本を削除</source>
            <translation>Delete copy</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>中間サーバーから届くはずのない種別の電文です。</source>
            <translation>The intermediate server sent a message of a kind it never sends.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>照会の記録にない照会番号への回答です。</source>
            <translation>The answer is for an inquiry number that is not on record.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>同じ照会結果を既に受け取っています（重複）。</source>
            <translation>This answer has already been received (duplicate).</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>この照会には既に回答があるか、まだ送信されていません。</source>
            <translation>This inquiry has already been answered or has not been sent yet.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>照会した住民が住民記録にありません（消去済み）。</source>
            <translation>The resident of the inquiry is no longer in the register (erased).</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>提供あり</source>
            <translation>Provided</translation>
        </message>
        <message>
            <location filename="../../server/renkei/service.py" />
            <source>提供通知の宛名番号は、この市が中間サーバーに登録した住民ではありません。</source>
            <translation>The addressee number of the provision notice is not a resident this city registered with the intermediate server.</translation>
        </message>
        <message>
            <location filename="../../server/renkei/simulator.py" />
            <source>中間サーバー（模擬）</source>
            <translation>Intermediate server (simulator)</translation>
        </message>
        <message>
            <location filename="../../server/retention.py" />
            <source>対象の件数が表示したときから変わっています。一覧を更新してからもう一度承認してください。</source>
            <translation>The number of records has changed since it was shown. Refresh the list and approve again.</translation>
        </message>
        <message>
            <location filename="../../server/routes_admin.py" />
            <source>指定された職員が見つかりません。</source>
            <translation>The staff member was not found.</translation>
        </message>
        <message>
            <location filename="../../server/routes_admin.py" />
            <source>職員IDは半角英数字と . _ - で40文字以内にしてください。</source>
            <translation>A staff ID has at most 40 letters, digits and . _ -.</translation>
        </message>
        <message>
            <location filename="../../server/routes_admin.py" />
            <source>自分自身のIDは利用停止にできません。</source>
            <translation>You cannot disable your own ID.</translation>
        </message>
        <message>
            <location filename="../../server/routes_admin.py" />
            <source>指定された権限はありません。</source>
            <translation>No such role.</translation>
        </message>
        <message>
            <location filename="../../server/routes_admin.py" />
            <source>有効期間は時差（タイムゾーン）付きで指定してください。</source>
            <translation>Give the validity period with a time zone.</translation>
        </message>
        <message>
            <location filename="../../server/routes_admin.py" />
            <source>有効期限は開始日時より後にしてください。</source>
            <translation>The expiry must be later than the start.</translation>
        </message>
        <message>
            <location filename="../../server/routes_admin.py" />
            <source>指定された権限付与が見つかりません。</source>
            <translation>The grant was not found.</translation>
        </message>
        <message>
            <location filename="../../server/routes_admin.py" />
            <source>指定された端末が見つかりません。</source>
            <translation>The workstation was not found.</translation>
        </message>
        <message>
            <location filename="../../server/routes_admin.py" />
            <source>設定名は半角英小文字・数字・_ で80文字以内にしてください。</source>
            <translation>A setting name has at most 80 lower-case letters, digits and _.</translation>
        </message>
        <message>
            <location filename="../../server/routes_admin.py" />
            <source>設定値が大きすぎます。</source>
            <translation>The setting value is too large.</translation>
        </message>
        <message>
            <location filename="../../server/routes_auth.py" />
            <source>IDまたはパスワードが違います。</source>
            <translation>The ID or password is wrong.</translation>
        </message>
        <message>
            <location filename="../../server/routes_auth.py" />
            <source>登録コードが正しくないか、使用済みか、有効期限が切れています。</source>
            <translation>The enrollment code is wrong, already used or expired.</translation>
        </message>
        <message>
            <location filename="../../server/routes_auth.py" />
            <source>現在のパスワードが違います。</source>
            <translation>The current password is wrong.</translation>
        </message>
        <message>
            <location filename="../../server/routes_push.py" />
            <source>業務の記録は事務担当・保護責任者のログイン中に送信されます（端末に保存されています）。</source>
            <translation>Work records are sent while a clerk or supervisor is logged in (they are kept on the workstation).</translation>
        </message>
        <message>
            <location filename="../../server/routes_push.py" />
            <source>この年度の受診券番号を使い切りました。システム管理者に連絡してください。</source>
            <translation>All voucher numbers for this fiscal year have been used. Contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../server/routes_retention.py" />
            <source>保存期間の管理は保護責任者だけが行えます。</source>
            <translation>Only a supervisor can manage retention.</translation>
        </message>
        <message>
            <location filename="../../server/streams.py" />
            <source>同期位置を読み取れません。最初から取得し直してください。</source>
            <translation>The sync position cannot be read. Fetch again from the start.</translation>
        </message>
        <message>
            <location filename="../../server/streams.py" />
            <source>続きの取得には最初のページの同期位置（cursor）が必要です。</source>
            <translation>Fetching more needs the sync position (cursor) of the first page.</translation>
        </message>
        <message>
            <location filename="../../ui/app.py" />
            <source>予期しないエラーが発生しました。直前の操作は完了していない可能性があります。画面の内容を確認し、続く場合はシステム管理者に連絡してください。</source>
            <translation>An unexpected error occurred. The last operation may not have been completed. Check the screen, and if it happens again contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../ui/app.py" />
            <source>読めなくなったデータファイルを次の場所に移しました（削除していません）:
{folder}</source>
            <translation>The unreadable data file has been moved here (not deleted):
{folder}</translation>
        </message>
        <message>
            <location filename="../../ui/app.py" />
            <source>この端末を登録し直すと、新しい空のデータファイルで始めます。サーバーへ送信済みの記録は同期で戻りますが、未送信だった記録は戻りません。今のデータファイルは削除せず、別のフォルダに移して残します。</source>
            <translation>Enrolling this workstation again starts with a new, empty data file. Records already sent to the server come back with sync; records not yet sent do not. The current data file is not deleted but moved to another folder.</translation>
        </message>
        <message>
            <location filename="../../ui/app.py" />
            <source>登録し直す</source>
            <translation>Enroll again</translation>
        </message>
        <message>
            <location filename="../../ui/app.py" />
            <source>終了する</source>
            <translation>Quit</translation>
        </message>
        <message>
            <location filename="../../ui/app.py" />
            <source>{message}（{kind}）</source>
            <translation>{message} ({kind})</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>削除</source>
            <translation>Deletion</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>訂正</source>
            <translation>Correction</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>承認待ちの申請はありません。</source>
            <translation>No requests are awaiting approval.</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>一覧から申請を選ぶと、ここで判断します。</source>
            <translation>Choose a request from the list to decide it here.</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>訂正された項目を、用紙を見て入力してください（申請された値は表示しません）。</source>
            <translation>Key the corrected fields from the paper form (the requested values are not shown).</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>この受診結果を削除する申請です。用紙と申請理由を確認してください。</source>
            <translation>This is a request to delete this screening result. Check the form and the reason given.</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>承認しました。</source>
            <translation>Approved.</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>却下しました。</source>
            <translation>Rejected.</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>種別</source>
            <translation>Kind</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>検診</source>
            <translation>Screening</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>受診日</source>
            <translation>Screening date</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>項目</source>
            <translation>Items</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>（結果全体）</source>
            <translation>(whole result)</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>理由</source>
            <translation>Reason</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>申請者</source>
            <translation>Requested by</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>申請日時</source>
            <translation>Requested at</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>承認待ちの申請</source>
            <translation>Requests awaiting approval</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>申請理由</source>
            <translation>Reason given</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>判断の理由</source>
            <translation>Reason for the decision</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>例: 用紙と照合して確認</source>
            <translation>e.g. Checked against the paper form</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>承認(&amp;A)</source>
            <translation>&amp;Approve</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>却下(&amp;J)</source>
            <translation>Re&amp;ject</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>理由(&amp;R)（必須）</source>
            <translation>&amp;Reason (required)</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>申請の判断</source>
            <translation>Decide the request</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>承認</source>
            <translation>Approvals</translation>
        </message>
        <message>
            <location filename="../../ui/approvals_screen.py" />
            <source>承認待ち {count:,}件</source>
            <translation>{count:,} awaiting approval</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>コメントを入力してください（確認した内容や対応）。</source>
            <translation>Enter a comment (what was checked and what was done).</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>職員</source>
            <translation>Staff</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>すべて</source>
            <translation>All</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>端末</source>
            <translation>Workstation</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>端末名（完全一致）</source>
            <translation>Workstation name (exact)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>記録ID</source>
            <translation>Record ID</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>対象ID（完全一致）</source>
            <translation>Record ID (exact)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>期間の始め</source>
            <translation>Start of period</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>期間の終わり</source>
            <translation>End of period</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>職員(&amp;S)</source>
            <translation>&amp;Staff</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>端末(&amp;W)</source>
            <translation>&amp;Workstation</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>操作(&amp;A)</source>
            <translation>&amp;Action</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>記録ID(&amp;I)</source>
            <translation>Record &amp;ID</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>期間(&amp;P)</source>
            <translation>&amp;Period</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>〜</source>
            <translation>–</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>確認済みにする</source>
            <translation>Mark reviewed</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>確認済みにする(&amp;O)</source>
            <translation>Mark revie&amp;wed</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>コメント</source>
            <translation>Comment</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>確認した内容・対応（{max}文字以内）</source>
            <translation>What was checked and done (at most {max} characters)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_filters.py" />
            <source>コメント(&amp;M)（必須）</source>
            <translation>Co&amp;mment (required)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>まだ検査していません（改ざん検査 Ctrl+K）</source>
            <translation>Not checked yet (tamper check Ctrl+K)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>正常: {count:,}件の記録を検査しました</source>
            <translation>OK: {count:,} records checked</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>異常: 連番 {seq} — {problem}</source>
            <translation>Broken: sequence {seq} — {problem}</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>監査ログ</source>
            <translation>Audit log</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>要確認</source>
            <translation>Flagged</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>Enter またはダブルクリックで、その職員の記録を表示します</source>
            <translation>Press Enter or double-click to show that staff member's records</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>確認の記録</source>
            <translation>Review marks</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>結果の中を絞り込み（職員・操作・対象・結果など）</source>
            <translation>Filter the results (staff, action, record, outcome…)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>検査結果（ローカル）</source>
            <translation>Check result (local)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>検査結果（サーバーの記録点）</source>
            <translation>Check result (server checkpoints)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>検索</source>
            <translation>Search</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>再読込</source>
            <translation>Reload</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>改ざん検査</source>
            <translation>Tamper check</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>絞り込み</source>
            <translation>Filter</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>監査ログの確認</source>
            <translation>Audit log review</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>改ざん検査（この端末の記録）:</source>
            <translation>Tamper check (this workstation's records):</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>サーバーの記録点との照合:</source>
            <translation>Compared with the server's checkpoints:</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>結果の絞り込み(&amp;F)</source>
            <translation>&amp;Filter results</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>記録(&amp;1)</source>
            <translation>Records (&amp;1)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>要確認(&amp;2)</source>
            <translation>Flagged (&amp;2)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>確認済みの記録(&amp;3)</source>
            <translation>Review marks (&amp;3)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>要確認 {count}件(&amp;2)</source>
            <translation>Flagged: {count} (&amp;2)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>要確認 なし(&amp;2)</source>
            <translation>Flagged: none (&amp;2)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>（上限に達しました。条件を絞ってください）</source>
            <translation> (limit reached; narrow the search)</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>表示 {shown:,}件 ／ 該当 {total:,}件</source>
            <translation>Showing {shown:,} of {total:,}</translation>
        </message>
        <message>
            <location filename="../../ui/audit_screen.py" />
            <source>期間 {period} の監査ログ（全職員・全端末）を確認済みにします。要確認 {flags}件。この操作も監査ログに記録されます。</source>
            <translation>Mark the audit log of {period} (all staff, all workstations) as reviewed. Flagged: {flags}. This action is recorded in the audit log too.</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>連番</source>
            <translation>Seq.</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>日時</source>
            <translation>Date and time</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>対象種別</source>
            <translation>Record kind</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>対象ID</source>
            <translation>Record ID</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>結果</source>
            <translation>Outcome</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>詳細</source>
            <translation>Details</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>短時間の大量閲覧</source>
            <translation>Many views in a short time</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>勤務時間外の閲覧</source>
            <translation>Views outside working hours</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>失敗・拒否の繰り返し</source>
            <translation>Repeated failures or refusals</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>不明なID（ログイン名 {login}）</source>
            <translation>Unknown ID (login name {login})</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>種類</source>
            <translation>Kind</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>最初</source>
            <translation>First</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>最後</source>
            <translation>Last</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>件数</source>
            <translation>Count</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>内容</source>
            <translation>Description</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>確認日時</source>
            <translation>Reviewed at</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>確認者</source>
            <translation>Reviewed by</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>期間</source>
            <translation>Period</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>記録数</source>
            <translation>Records</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>正常</source>
            <translation>OK</translation>
        </message>
        <message>
            <location filename="../../ui/audit_table_model.py" />
            <source>異常</source>
            <translation>Broken</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_models.py" />
            <source>完了</source>
            <translation>Done</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_models.py" />
            <source>未完了</source>
            <translation>Open</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_models.py" />
            <source>対象 {total:,}人（発行済み {issued:,}人・支援措置 {support:,}人を除く）</source>
            <translation>{total:,} residents (excluding {issued:,} already issued and {support:,} under support measures)</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_models.py" />
            <source>年度</source>
            <translation>Fiscal year</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_models.py" />
            <source>対象</source>
            <translation>Targets</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_models.py" />
            <source>印刷済</source>
            <translation>Printed</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_models.py" />
            <source>状態</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_models.py" />
            <source>カナ</source>
            <translation>Kana</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_models.py" />
            <source>氏名</source>
            <translation>Name</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>抽出中…</source>
            <translation>Extracting…</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>中止しました</source>
            <translation>Stopped</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>受診券を用意しています…</source>
            <translation>Preparing vouchers…</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>中止しました。「印刷開始/再開」で続きから印刷できます。</source>
            <translation>Stopped. “Start/resume printing” continues where it left off.</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>印刷していません。「印刷開始/再開」で同じ受診券から印刷できます。</source>
            <translation>Nothing printed. “Start/resume printing” prints from the same voucher.</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>すべて印刷しました。</source>
            <translation>All printed.</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>{done:,} / {total:,} を印刷しました</source>
            <translation>{done:,} / {total:,} printed</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>支援措置の対象者には発行していません。住民の詳細画面で一人ずつ解除します。</source>
            <translation>No vouchers were issued to residents under support measures. Release them one by one in the resident's details.</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>支援措置で除いた対象者はいません。</source>
            <translation>No residents were left out for support measures.</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>対象者を抽出(&amp;E)</source>
            <translation>&amp;Extract targets</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>印刷開始/再開(&amp;P)</source>
            <translation>Start/resume &amp;printing</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>中止</source>
            <translation>Stop</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>支援措置の対象者を表示(&amp;S)</source>
            <translation>&amp;Show residents under support measures</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>進み具合</source>
            <translation>Progress</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>一括発行の一覧</source>
            <translation>Batch issue runs</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>支援措置の対象者</source>
            <translation>Residents under support measures</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>年度(&amp;Y)</source>
            <translation>Fiscal &amp;year</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>検診(&amp;K)</source>
            <translation>Screening (&amp;K)</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>一括発行</source>
            <translation>Batch issue</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>　この分で中止します</source>
            <translation> — stopping after this part</translation>
        </message>
        <message>
            <location filename="../../ui/batch_issue_screen.py" />
            <source>{program} 受診券 {first:,}〜{last:,}人目</source>
            <translation>{program} vouchers {first:,}–{last:,}</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>新規バッチ</source>
            <translation>New batch</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>10桁の数字</source>
            <translation>10 digits</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source> 枚</source>
            <translation> forms</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>作成する(&amp;S)</source>
            <translation>&amp;Create</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>キャンセル(&amp;C)</source>
            <translation>&amp;Cancel</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>プログラム(&amp;P)</source>
            <translation>&amp;Program</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>医療機関コード(&amp;K)</source>
            <translation>Clinic code (&amp;K)</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>対象月(&amp;M)</source>
            <translation>&amp;Month</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>受付枚数(&amp;N)</source>
            <translation>&amp;Number of forms received</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>{program}　医療機関 {clinic}　{month}</source>
            <translation>{program}  clinic {clinic}  {month}</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>バッチの一覧</source>
            <translation>Batches</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>用紙番号</source>
            <translation>Form number</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>入力開始</source>
            <translation>Start entry</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>用紙番号(&amp;U)</source>
            <translation>Form n&amp;umber</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>用紙入力</source>
            <translation>Form entry</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>バッチを作成しました。</source>
            <translation>Batch created.</translation>
        </message>
        <message>
            <location filename="../../ui/batch_screen.py" />
            <source>入力を中断しました。下書きは残っています。</source>
            <translation>Entry paused. The draft has been kept.</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>期限超過</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>{shown} 他{rest}枚</source>
            <translation>{shown} and {rest} more</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>1回目: {forms}</source>
            <translation>1st: {forms}</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>2回目: {forms}</source>
            <translation>2nd: {forms}</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>プログラム</source>
            <translation>Program</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>医療機関コード</source>
            <translation>Clinic code</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>対象月</source>
            <translation>Month</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>受付</source>
            <translation>Received</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>1回目</source>
            <translation>1st entry</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>2回目</source>
            <translation>2nd entry</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>照合済</source>
            <translation>Verified</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>確認中</source>
            <translation>In review</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>期限</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <location filename="../../ui/batch_table_model.py" />
            <source>未入力の用紙番号</source>
            <translation>Form numbers not keyed</translation>
        </message>
        <message>
            <location filename="../../ui/change_password_dialog.py" />
            <source>確認用のパスワードが一致しません。</source>
            <translation>The confirmation does not match the new password.</translation>
        </message>
        <message>
            <location filename="../../ui/change_password_dialog.py" />
            <source>新しいパスワードは{min_length}文字以上にしてください。職員IDを含むものや、よく使われているものは使えません。覚えやすい長い文（例: 季節の言葉を三つ並べる）がおすすめです。</source>
            <translation>A new password must have at least {min_length} characters. Passwords containing the staff ID or commonly used ones are refused. A long sentence that is easy to remember (e.g. three seasonal words in a row) works well.</translation>
        </message>
        <message>
            <location filename="../../ui/change_password_dialog.py" />
            <source>パスワードの変更</source>
            <translation>Change password</translation>
        </message>
        <message>
            <location filename="../../ui/change_password_dialog.py" />
            <source>変更する(&amp;S)</source>
            <translation>&amp;Change</translation>
        </message>
        <message>
            <location filename="../../ui/change_password_dialog.py" />
            <source>ログアウト(&amp;Q)</source>
            <translation>Log out (&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../ui/change_password_dialog.py" />
            <source>{name} さん、初めてのログイン（またはパスワード再設定後）のため、パスワードを変更してください。変更するまで利用できません。</source>
            <translation>{name}, this is your first login (or the first after a password reset): change your password. The desk cannot be used until you do.</translation>
        </message>
        <message>
            <location filename="../../ui/change_password_dialog.py" />
            <source>仮パスワード(&amp;T)</source>
            <translation>&amp;Temporary password</translation>
        </message>
        <message>
            <location filename="../../ui/change_password_dialog.py" />
            <source>現在のパスワード(&amp;T)</source>
            <translation>Curren&amp;t password</translation>
        </message>
        <message>
            <location filename="../../ui/change_password_dialog.py" />
            <source>新しいパスワード(&amp;N)</source>
            <translation>&amp;New password</translation>
        </message>
        <message>
            <location filename="../../ui/change_password_dialog.py" />
            <source>新しいパスワード（確認）(&amp;R)</source>
            <translation>New password again (&amp;R)</translation>
        </message>
        <message>
            <location filename="../../ui/change_password_dialog.py" />
            <source>現在のパスワードを入力してください。</source>
            <translation>Enter the current password.</translation>
        </message>
        <message>
            <location filename="../../ui/controller.py" />
            <source>この職員の権限は取り消されました。</source>
            <translation>This staff member's roles have been revoked.</translation>
        </message>
        <message>
            <location filename="../../ui/controller.py" />
            <source>この端末の登録はサーバーで取り消されました。同期を停止しました。

まだ送信していない記録は、この端末に暗号化したまま保存されています（削除されていません）。システム管理者に連絡してください。</source>
            <translation>This workstation's enrollment has been revoked on the server. Sync has stopped.

Records not yet sent are kept on this workstation, encrypted (they have not been deleted). Contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../ui/controller.py" />
            <source>この端末の登録は取り消されたため、同期しません。</source>
            <translation>This workstation's enrollment was revoked, so it does not sync.</translation>
        </message>
        <message>
            <location filename="../../ui/controller.py" />
            <source>この端末はサーバーに登録されていないため、同期しません（単独運用）。</source>
            <translation>This workstation is not enrolled with the server, so it does not sync (standalone).</translation>
        </message>
        <message>
            <location filename="../../ui/controller.py" />
            <source>同期できませんでした（予期しないエラー）。次の同期でもう一度試します。</source>
            <translation>Sync failed (unexpected error). It will be tried again at the next sync.</translation>
        </message>
        <message>
            <location filename="../../ui/correction_dialog.py" />
            <source>申請しました。別の職員（保護責任者）が承認すると反映されます。</source>
            <translation>Request sent. It takes effect once another staff member (a supervisor) approves it.</translation>
        </message>
        <message>
            <location filename="../../ui/correction_dialog.py" />
            <source>{field}（訂正後）</source>
            <translation>{field} (corrected)</translation>
        </message>
        <message>
            <location filename="../../ui/correction_dialog.py" />
            <source>申請する(&amp;S)</source>
            <translation>&amp;Submit request</translation>
        </message>
        <message>
            <location filename="../../ui/correction_dialog.py" />
            <source>訂正・削除の申請</source>
            <translation>Request a correction or deletion</translation>
        </message>
        <message>
            <location filename="../../ui/correction_dialog.py" />
            <source>訂正(&amp;E)</source>
            <translation>Corr&amp;ection</translation>
        </message>
        <message>
            <location filename="../../ui/correction_dialog.py" />
            <source>削除(&amp;D)</source>
            <translation>&amp;Deletion</translation>
        </message>
        <message>
            <location filename="../../ui/correction_dialog.py" />
            <source>例: 医療機関から訂正の連絡</source>
            <translation>e.g. Clinic reported a correction</translation>
        </message>
        <message>
            <location filename="../../ui/correction_dialog.py" />
            <source>訂正する項目にチェックを入れ、用紙の正しい値を入力します。</source>
            <translation>Tick the fields to correct and enter the right values from the paper form.</translation>
        </message>
        <message>
            <location filename="../../ui/correction_dialog.py" />
            <source>理由を入力してください。</source>
            <translation>Enter a reason.</translation>
        </message>
        <message>
            <location filename="../../ui/correction_dialog.py" />
            <source>訂正する項目を一つ以上選んでください。</source>
            <translation>Choose at least one field to correct.</translation>
        </message>
        <message>
            <location filename="../../ui/correction_dialog.py" />
            <source>赤字の項目を直してください。</source>
            <translation>Correct the fields in red.</translation>
        </message>
        <message>
            <location filename="../../ui/demo_server.py" />
            <source>デモ用サーバーが起動できませんでした。記録: {log}</source>
            <translation>The demo server could not start. Log: {log}</translation>
        </message>
        <message>
            <location filename="../../ui/demo_server.py" />
            <source>デモ用サーバーの起動を待ちましたが、応答がありませんでした。</source>
            <translation>Waited for the demo server to start, but it did not answer.</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>窓口端末</source>
            <translation>Desk workstation</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>連携</source>
            <translation>Integration</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>端末名</source>
            <translation>Workstation name</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>区</source>
            <translation>Ward</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>登録日時</source>
            <translation>Enrolled at</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>最終接続</source>
            <translation>Last connected</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>利用中</source>
            <translation>In use</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>取消済</source>
            <translation>Revoked</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>新しい端末の名前（64文字以内）:</source>
            <translation>Name of the new workstation (at most 64 characters):</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>登録コードの発行</source>
            <translation>Issue an enrollment code</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>端末「{name}」の登録コードです。この画面を閉じると二度と表示されません。
有効期限: {expires}（一度だけ使えます）</source>
            <translation>Enrollment code for workstation “{name}”. It will never be shown again once this window is closed.
Valid until: {expires} (usable once)</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>端末一覧</source>
            <translation>Workstations</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>登録コード発行</source>
            <translation>Issue enrollment code</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>登録取消</source>
            <translation>Revoke enrollment</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>再読み込み</source>
            <translation>Reload</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>端末の管理</source>
            <translation>Workstations</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>端末「{name}」の登録コードを発行しました。</source>
            <translation>Enrollment code issued for workstation “{name}”.</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>端末「{name}」の登録を取り消しますか？この端末は以後サーバーと同期できなくなり、元に戻せません。</source>
            <translation>Revoke the enrollment of workstation “{name}”? It will no longer sync with the server. This cannot be undone.</translation>
        </message>
        <message>
            <location filename="../../ui/devices_screen.py" />
            <source>端末「{name}」の登録を取り消しました。</source>
            <translation>Enrollment of workstation “{name}” revoked.</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>表示の設定</source>
            <translation>Display settings</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>表示言語は、次にログイン画面を開いたときから切り替わります。</source>
            <translation>The display language changes from the next time the login window opens.</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>表示言語は、この画面を閉じるとすぐに切り替わります。</source>
            <translation>The display language changes as soon as you close this dialog.</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>この端末に設定を保存できませんでした。今回の表示にだけ使います。</source>
            <translation>The settings could not be saved on this workstation. They apply to this session only.</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>{percent}%（標準）</source>
            <translation>{percent}% (standard)</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>文字の大きさ</source>
            <translation>Text size</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>黒地に白い文字で、はっきり表示する</source>
            <translation>White text on black, clearly shown</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>ハイコントラスト</source>
            <translation>High contrast</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>表示言語</source>
            <translation>Display language</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>保存する(&amp;S)</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>文字の大きさ(&amp;F)</source>
            <translation>Text si&amp;ze</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>ハイコントラスト(&amp;H)</source>
            <translation>&amp;High contrast</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>表示言語(&amp;L)</source>
            <translation>Display &amp;language</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>閉じる(&amp;C)</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <location filename="../../ui/display_settings.py" />
            <source>表示の設定(&amp;D)…</source>
            <translation>&amp;Display settings…</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>端末の登録</source>
            <translation>Workstation enrollment</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>端末の再登録</source>
            <translation>Re-enroll workstation</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>この端末を中央サーバーに登録します。システム管理者がサーバーで発行した登録コード（1回限り・24時間有効）と、サーバーのCA証明書を用意してください。</source>
            <translation>This enrolls the workstation with the central server. Have ready the enrollment code the system administrator issued on the server (single use, valid 24 hours) and the server's CA certificate.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>再登録すると、この端末の今の登録は使えなくなります。未送信の記録は、再登録の前に同期して送信を済ませてください（未送信 {pending:,}件）。</source>
            <translation>Re-enrolling makes this workstation's current enrollment unusable. Sync to send unsent records before re-enrolling ({pending:,} unsent).</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>サーバーに接続しています…</source>
            <translation>Connecting to the server…</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>登録できませんでした（予期しないエラー: {kind}）。入力を確かめ、続く場合はシステム管理者に連絡してください。</source>
            <translation>Enrollment failed (unexpected error: {kind}). Check the input; if it happens again contact the system administrator.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>ファイルから読み込む(&amp;F)…</source>
            <translation>Load from &amp;file…</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>登録(&amp;R)</source>
            <translation>&amp;Enroll</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>キャンセル(&amp;X)</source>
            <translation>Cancel (&amp;X)</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>サーバーのアドレス</source>
            <translation>Server address</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>登録コード</source>
            <translation>Enrollment code</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>CA証明書</source>
            <translation>CA certificate</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>サーバーのアドレス(&amp;S)</source>
            <translation>&amp;Server address</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>登録コード(&amp;C)</source>
            <translation>Enrollment &amp;code</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>CA証明書(&amp;A)</source>
            <translation>C&amp;A certificate</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>端末名(&amp;N)</source>
            <translation>Workstation &amp;name</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>読み込みました: {file}</source>
            <translation>Loaded: {file}</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>CA証明書を選ぶ</source>
            <translation>Choose the CA certificate</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>証明書 (*.pem *.crt *.cer);;すべてのファイル (*)</source>
            <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>端末の再登録(&amp;E)…</source>
            <translation>R&amp;e-enroll workstation…</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>端末の登録(&amp;E)…</source>
            <translation>&amp;Enroll workstation…</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment.py" />
            <source>端末「{name}」を登録しました。</source>
            <translation>Workstation “{name}” enrolled.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>{what}に使えない文字（制御文字）が含まれています。入力し直してください。</source>
            <translation>{what} contains characters that cannot be used (control characters). Enter it again.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>サーバーのアドレスに空白や制御文字が含まれています。入力し直してください。</source>
            <translation>The server address contains spaces or control characters. Enter it again.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>（例: https://kenshin.city.example.jp）</source>
            <translation> (e.g. https://kenshin.city.example.jp)</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>サーバーのアドレスを入力してください{example}。</source>
            <translation>Enter the server address{example}.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>サーバーのアドレスが長すぎます（{max}文字まで）。</source>
            <translation>The server address is too long (at most {max} characters).</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>サーバーのアドレスは https:// で始めてください{example}。</source>
            <translation>The server address must start with https://{example}.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>登録コードを入力してください。</source>
            <translation>Enter the enrollment code.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>登録コードは{min}〜{max}文字です。発行された通りに入力してください。</source>
            <translation>An enrollment code has {min} to {max} characters. Enter it exactly as issued.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>CA証明書を貼り付けるか、ファイルから読み込んでください。</source>
            <translation>Paste the CA certificate or load it from a file.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>CA証明書が長すぎます（{max:,}文字まで）。</source>
            <translation>The CA certificate is too long (at most {max:,} characters).</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>CA証明書の形式ではありません。{marker} で始まるPEM形式の証明書を貼り付けてください。</source>
            <translation>This is not a CA certificate. Paste a PEM certificate starting with {marker}.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>端末名を入力してください。</source>
            <translation>Enter a workstation name.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>端末名が長すぎます（{max}文字まで）。</source>
            <translation>The workstation name is too long (at most {max} characters).</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>証明書ファイルが大きすぎます。CA証明書のファイルを選んでください。</source>
            <translation>The certificate file is too large. Choose the CA certificate file.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>証明書ファイルを読み込めませんでした。</source>
            <translation>The certificate file could not be read.</translation>
        </message>
        <message>
            <location filename="../../ui/enrollment_input.py" />
            <source>証明書ファイルの形式が読み取れません。PEM形式（テキスト）の証明書を選んでください。</source>
            <translation>The certificate file's format cannot be read. Choose a PEM (text) certificate.</translation>
        </message>
        <message>
            <location filename="../../ui/entry_fields.py" />
            <source>11桁（受診券がなければ空欄のまま）</source>
            <translation>11 digits (leave empty if there is no voucher)</translation>
        </message>
        <message>
            <location filename="../../ui/entry_fields.py" />
            <source>例: ヤマダ タロウ</source>
            <translation>e.g. ヤマダ タロウ</translation>
        </message>
        <message>
            <location filename="../../ui/entry_fields.py" />
            <source>例: S30.1.1 / 1955-01-01</source>
            <translation>e.g. S30.1.1 / 1955-01-01</translation>
        </message>
        <message>
            <location filename="../../ui/entry_fields.py" />
            <source>1=男 2=女</source>
            <translation>1=male 2=female</translation>
        </message>
        <message>
            <location filename="../../ui/entry_fields.py" />
            <source>例: 本町3-18-11（市区名は省略可）</source>
            <translation>e.g. 本町3-18-11 (city and ward may be left out)</translation>
        </message>
        <message>
            <location filename="../../ui/entry_fields.py" />
            <source>差し戻し: {fields} を入力し直してください</source>
            <translation>Returned: key {fields} again</translation>
        </message>
        <message>
            <location filename="../../ui/entry_form.py" />
            <source>この用紙の入力を中断しますか？ 入力した内容は下書きとして残ります。</source>
            <translation>Pause keying this form? What you have keyed is kept as a draft.</translation>
        </message>
        <message>
            <location filename="../../ui/entry_form.py" />
            <source>登録</source>
            <translation>Submit</translation>
        </message>
        <message>
            <location filename="../../ui/entry_form.py" />
            <source>中断</source>
            <translation>Pause</translation>
        </message>
        <message>
            <location filename="../../ui/entry_form.py" />
            <source>{form}　用紙番号 {number}　{entry}回目入力</source>
            <translation>{form}  form {number}  entry {entry}</translation>
        </message>
        <message>
            <location filename="../../ui/entry_form.py" />
            <source>バッチ: {batch}</source>
            <translation>Batch: {batch}</translation>
        </message>
        <message>
            <location filename="../../ui/entry_form.py" />
            <source>本人確認</source>
            <translation>Identity</translation>
        </message>
        <message>
            <location filename="../../ui/entry_form.py" />
            <source>住民記録と一致: {name}</source>
            <translation>Matches the resident register: {name}</translation>
        </message>
        <message>
            <location filename="../../ui/entry_form.py" />
            <source>下書きを保存できませんでした: {reason}</source>
            <translation>The draft could not be saved: {reason}</translation>
        </message>
        <message>
            <location filename="../../ui/extraction_screen.py" />
            <source>すべての検診</source>
            <translation>All screenings</translation>
        </message>
        <message>
            <location filename="../../ui/extraction_screen.py" />
            <source>対象者数</source>
            <translation>Targets</translation>
        </message>
        <message>
            <location filename="../../ui/extraction_screen.py" />
            <source>自己負担免除</source>
            <translation>Fee exempt</translation>
        </message>
        <message>
            <location filename="../../ui/extraction_screen.py" />
            <source>クーポン対象</source>
            <translation>Coupon</translation>
        </message>
        <message>
            <location filename="../../ui/extraction_screen.py" />
            <source>{year}　受診日 {day}　住民 {checked:,}人を判定（{seconds:.1f}秒）</source>
            <translation>{year}  screening date {day}  {checked:,} residents checked ({seconds:.1f} s)</translation>
        </message>
        <message>
            <location filename="../../ui/extraction_screen.py" />
            <source>抽出(&amp;E)</source>
            <translation>&amp;Extract</translation>
        </message>
        <message>
            <location filename="../../ui/extraction_screen.py" />
            <source>抽出の進み具合</source>
            <translation>Extraction progress</translation>
        </message>
        <message>
            <location filename="../../ui/extraction_screen.py" />
            <source>抽出結果</source>
            <translation>Extraction result</translation>
        </message>
        <message>
            <location filename="../../ui/extraction_screen.py" />
            <source>対象者抽出</source>
            <translation>Target extraction</translation>
        </message>
        <message>
            <location filename="../../ui/extraction_screen.py" />
            <source>{done:,} / {total:,}人</source>
            <translation>{done:,} / {total:,} residents</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>精検結果の確認</source>
            <translation>Follow-up confirmation</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>確認待ちの精検結果はありません。</source>
            <translation>No follow-up results are awaiting confirmation.</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>一覧から選ぶと、ここで確認します。</source>
            <translation>Choose one from the list to confirm it here.</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>精検結果の報告書を見て、受診状況と精検結果を入力してください（入力された値は表示しません）。</source>
            <translation>Key the attendance and the follow-up result from the follow-up report (the values entered are not shown).</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>自分が入力した精検結果です。別の職員が確認します。</source>
            <translation>You entered this follow-up result. Another staff member will confirm it.</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>確認しました。</source>
            <translation>Confirmed.</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>入力者</source>
            <translation>Entered by</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>（自分）</source>
            <translation> (you)</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>入力日時</source>
            <translation>Entered at</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>確認待ちの精検結果</source>
            <translation>Follow-up results awaiting confirmation</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>確認(&amp;A)</source>
            <translation>Confirm (&amp;A)</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>確認</source>
            <translation>Confirm</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>確認待ち {count:,}件</source>
            <translation>{count:,} awaiting confirmation</translation>
        </message>
        <message>
            <location filename="../../ui/followup_confirm_screen.py" />
            <source>受診状況を選んでください。</source>
            <translation>Choose the attendance.</translation>
        </message>
        <message>
            <location filename="../../ui/followup_dialog.py" />
            <source>精検結果を入力しました。別の職員が確認すると確定します。</source>
            <translation>Follow-up result entered. It is final once another staff member confirms it.</translation>
        </message>
        <message>
            <location filename="../../ui/followup_dialog.py" />
            <source>精検結果の入力</source>
            <translation>Enter follow-up result</translation>
        </message>
        <message>
            <location filename="../../ui/followup_dialog.py" />
            <source>未完了の要精検を選ぶと、精検の受診状況と結果を入力できます（別の職員の確認が必要）</source>
            <translation>Choose an open needs-follow-up result to enter the follow-up attendance and result (another staff member confirms it)</translation>
        </message>
        <message>
            <location filename="../../ui/followup_dialog.py" />
            <source>受診状況</source>
            <translation>Attendance</translation>
        </message>
        <message>
            <location filename="../../ui/followup_dialog.py" />
            <source>（選んでください）</source>
            <translation>(choose)</translation>
        </message>
        <message>
            <location filename="../../ui/followup_dialog.py" />
            <source>精検結果</source>
            <translation>Follow-up result</translation>
        </message>
        <message>
            <location filename="../../ui/followup_dialog.py" />
            <source>受診状況(&amp;U)</source>
            <translation>Attendance (&amp;U)</translation>
        </message>
        <message>
            <location filename="../../ui/followup_dialog.py" />
            <source>精検結果(&amp;K)</source>
            <translation>Follow-up result (&amp;K)</translation>
        </message>
        <message>
            <location filename="../../ui/followup_dialog.py" />
            <source>入力する(&amp;S)</source>
            <translation>&amp;Submit</translation>
        </message>
        <message>
            <location filename="../../ui/followup_dialog.py" />
            <source>精検の受診日</source>
            <translation>Follow-up date</translation>
        </message>
        <message>
            <location filename="../../ui/followup_dialog.py" />
            <source>受診の場合（任意）: {examples}</source>
            <translation>If attended (optional): {examples}</translation>
        </message>
        <message>
            <location filename="../../ui/followup_dialog.py" />
            <source>精検結果の報告書を見て入力します。</source>
            <translation>Enter from the follow-up examination report.</translation>
        </message>
        <message>
            <location filename="../../ui/followup_dialog.py" />
            <source>精検の受診日(&amp;D)</source>
            <translation>Follow-up &amp;date</translation>
        </message>
        <message>
            <location filename="../../ui/grants_history_print.py" />
            <source>権限の発効・失効の記録</source>
            <translation>Grants history</translation>
        </message>
        <message>
            <location filename="../../ui/home_screen.py" />
            <source>デモ版で動作しています。表示される住民・職員はすべて架空のデータです。</source>
            <translation>Running as a demo. All residents and staff shown are fictitious.</translation>
        </message>
        <message>
            <location filename="../../ui/home_screen.py" />
            <source>{count} 人</source>
            <translation>{count}</translation>
        </message>
        <message>
            <location filename="../../ui/home_screen.py" />
            <source>{count} 件</source>
            <translation>{count}</translation>
        </message>
        <message>
            <location filename="../../ui/home_screen.py" />
            <source>{count} 枚</source>
            <translation>{count}</translation>
        </message>
        <message>
            <location filename="../../ui/home_screen.py" />
            <source>本日の作業</source>
            <translation>Today's work</translation>
        </message>
        <message>
            <location filename="../../ui/home_screen.py" />
            <source>{name} さん、おつかれさまです。</source>
            <translation>Hello, {name}.</translation>
        </message>
        <message>
            <location filename="../../ui/home_screen.py" />
            <source>役割: {roles}</source>
            <translation>Roles: {roles}</translation>
        </message>
        <message>
            <location filename="../../ui/issue_dialog.py" />
            <source>この年度に受診券を発行できる検診はありません。</source>
            <translation>No screening program can have a voucher issued in this fiscal year.</translation>
        </message>
        <message>
            <location filename="../../ui/issue_dialog.py" />
            <source>受診券 {number}（{program}）を発行しました。</source>
            <translation>Voucher {number} ({program}) issued.</translation>
        </message>
        <message>
            <location filename="../../ui/issue_dialog.py" />
            <source>印刷していません。再発行は保護責任者が行います。</source>
            <translation>Not printed. A supervisor does reissues.</translation>
        </message>
        <message>
            <location filename="../../ui/issue_dialog.py" />
            <source>受診券の発行</source>
            <translation>Issue a screening voucher</translation>
        </message>
        <message>
            <location filename="../../ui/issue_dialog.py" />
            <source>発行(&amp;I)</source>
            <translation>&amp;Issue</translation>
        </message>
        <message>
            <location filename="../../ui/issue_dialog.py" />
            <source>{name} さん</source>
            <translation>{name}</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>未同期</source>
            <translation>Never synced</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>ログイン</source>
            <translation>Login</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>ログアウト</source>
            <translation>Logout</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>IDロック</source>
            <translation>ID locked</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>画面ロック</source>
            <translation>Screen locked</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>ロック解除</source>
            <translation>Unlock</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>パスワード変更</source>
            <translation>Password change</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>パスワード再設定</source>
            <translation>Password reset</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>作成</source>
            <translation>Create</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>閲覧</source>
            <translation>View</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>IDロック解除</source>
            <translation>ID unlocked</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>利用停止</source>
            <translation>Disable</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>利用再開</source>
            <translation>Enable</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>権限付与</source>
            <translation>Grant role</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>権限取消</source>
            <translation>Revoke role</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>権限外の操作</source>
            <translation>Action not permitted</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>利用終了</source>
            <translation>Session ended</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>下書き保存</source>
            <translation>Draft saved</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>下書き復元</source>
            <translation>Draft restored</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>個人番号表示</source>
            <translation>My Number shown</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>個人番号検索</source>
            <translation>My Number search</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>入力登録</source>
            <translation>Entry submitted</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>2回入力の照合</source>
            <translation>Double entries compared</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>用紙値の入力</source>
            <translation>Paper value keyed</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>照合判断</source>
            <translation>Adjudication</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>本人確定</source>
            <translation>Identity resolved</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>結果登録</source>
            <translation>Result recorded</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>訂正申請</source>
            <translation>Correction requested</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>削除申請</source>
            <translation>Deletion requested</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>訂正・削除の承認</source>
            <translation>Correction/deletion approved</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>訂正・削除の却下</source>
            <translation>Correction/deletion rejected</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>承認時の再入力不一致</source>
            <translation>Re-keyed value mismatch at approval</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>受診券発行</source>
            <translation>Voucher issued</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>受診券再発行</source>
            <translation>Voucher reissued</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>受診券取消</source>
            <translation>Voucher voided</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>発行拒否</source>
            <translation>Issue refused</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>支援措置者への個別発行</source>
            <translation>Individual issue to a support-measure resident</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>印刷</source>
            <translation>Print</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>一括発行の対象抽出</source>
            <translation>Batch issue target extraction</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>通知の作成</source>
            <translation>Notices prepared</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>オフラインでのログイン</source>
            <translation>Offline login</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>同期の問題の再送</source>
            <translation>Sync problem resent</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>同期の問題の破棄</source>
            <translation>Sync problem discarded</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>同期による利用終了</source>
            <translation>Session ended by sync</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>端末の登録取消</source>
            <translation>Workstation enrollment revoked</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>監査ログの巻き戻しを検出</source>
            <translation>Audit log rollback detected</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>統計の作成</source>
            <translation>Statistics made</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>保存期間経過記録の削除承認</source>
            <translation>Purge of expired records approved</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>保存期間経過記録の名簿閲覧</source>
            <translation>Names of expired records viewed</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>保存期間経過記録の削除</source>
            <translation>Expired records purged</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>監査ログの確認済み記録</source>
            <translation>Audit log marked reviewed</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>設定変更</source>
            <translation>Setting changed</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>端末登録コード発行</source>
            <translation>Enrollment code issued</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>端末登録取消</source>
            <translation>Enrollment revoked</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>精検結果の再入力不一致</source>
            <translation>Follow-up re-keyed value mismatch</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>前住所地への情報照会</source>
            <translation>Inquiry to the former municipality</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>照会結果の取込</source>
            <translation>Answer taken in</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>照会結果の差し戻し</source>
            <translation>Answer returned</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>中間サーバーとの送受信</source>
            <translation>Exchange with the intermediate server</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>成功</source>
            <translation>Success</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>失敗</source>
            <translation>Failure</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>ロック中</source>
            <translation>Locked</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>拒否</source>
            <translation>Refused</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>ログイン名</source>
            <translation>Login name</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>職員一覧</source>
            <translation>Staff list</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>権限</source>
            <translation>Role</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>住民</source>
            <translation>Resident</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>用紙バッチ</source>
            <translation>Form batch</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>用紙</source>
            <translation>Form</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>入力</source>
            <translation>Entry</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>検診結果</source>
            <translation>Screening result</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>訂正・削除申請</source>
            <translation>Correction/deletion request</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>受診券</source>
            <translation>Screening voucher</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>支援措置対象者一覧</source>
            <translation>Support-measure residents</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>同期の問題</source>
            <translation>Sync problems</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>送信待ちの記録</source>
            <translation>Records waiting to be sent</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>監査ログの確認点</source>
            <translation>Audit log checkpoint</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>設定</source>
            <translation>Settings</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>保存期間経過の一覧</source>
            <translation>Expired records list</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>保存期間経過の区分（検診・年度）</source>
            <translation>Expired records group (program, fiscal year)</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>情報連携</source>
            <translation>Data linkage</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>情報照会の一覧</source>
            <translation>List of inquiries</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>照会結果の一覧</source>
            <translation>List of answers</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>照会結果</source>
            <translation>Answer</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>情報提供等記録</source>
            <translation>Record of information provision</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>・</source>
            <translation>, </translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>　｜　</source>
            <translation>  |  </translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>利用者: {name}</source>
            <translation>User: {name}</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>端末: {name}</source>
            <translation>Workstation: {name}</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>年度: {year}</source>
            <translation>Fiscal year: {year}</translation>
        </message>
        <message>
            <location filename="../../ui/labels.py" />
            <source>{program}　受診日 {day}　判定 {judgement}</source>
            <translation>{program}  screened {day}  result {judgement}</translation>
        </message>
        <message>
            <location filename="../../ui/lock_screen.py" />
            <source>パスワード</source>
            <translation>Password</translation>
        </message>
        <message>
            <location filename="../../ui/lock_screen.py" />
            <source>ロック解除(&amp;U)</source>
            <translation>&amp;Unlock</translation>
        </message>
        <message>
            <location filename="../../ui/lock_screen.py" />
            <source>別の職員でログイン(&amp;S)</source>
            <translation>Log in as another &amp;staff member</translation>
        </message>
        <message>
            <location filename="../../ui/lock_screen.py" />
            <source>戻る(&amp;B)</source>
            <translation>&amp;Back</translation>
        </message>
        <message>
            <location filename="../../ui/lock_screen.py" />
            <source>画面をロックしています</source>
            <translation>The screen is locked</translation>
        </message>
        <message>
            <location filename="../../ui/lock_screen.py" />
            <source>{name} さんのパスワードを入力すると、作業に戻れます。</source>
            <translation>{name}, enter your password to return to your work.</translation>
        </message>
        <message>
            <location filename="../../ui/lock_screen.py" />
            <source>パスワード(&amp;P)</source>
            <translation>&amp;Password</translation>
        </message>
        <message>
            <location filename="../../ui/lock_screen.py" />
            <source>別の職員でログイン</source>
            <translation>Log in as another staff member</translation>
        </message>
        <message>
            <location filename="../../ui/lock_screen.py" />
            <source>{name} さんの作業中の内容は下書きとして保存され、ログアウトします。次にログインしたときに戻ります。</source>
            <translation>{name}'s work in progress is saved as a draft and {name} is logged out. It comes back at the next login.</translation>
        </message>
        <message>
            <location filename="../../ui/lock_screen.py" />
            <source>パスワードを入力してください。</source>
            <translation>Enter the password.</translation>
        </message>
        <message>
            <location filename="../../ui/login_form.py" />
            <source>パスワードを変更するまでは利用できません。もう一度ログインしてください。</source>
            <translation>The desk cannot be used until the password is changed. Log in again.</translation>
        </message>
        <message>
            <location filename="../../ui/login_form.py" />
            <source>例: clerk1</source>
            <translation>e.g. clerk1</translation>
        </message>
        <message>
            <location filename="../../ui/login_form.py" />
            <source>職員ID</source>
            <translation>Staff ID</translation>
        </message>
        <message>
            <location filename="../../ui/login_form.py" />
            <source>ログイン(&amp;L)</source>
            <translation>&amp;Log in</translation>
        </message>
        <message>
            <location filename="../../ui/login_form.py" />
            <source>職員ID(&amp;I)</source>
            <translation>Staff &amp;ID</translation>
        </message>
        <message>
            <location filename="../../ui/login_form.py" />
            <source>職員IDを入力してください。</source>
            <translation>Enter the staff ID.</translation>
        </message>
        <message>
            <location filename="../../ui/login_window.py" />
            <source>{app} — ログイン</source>
            <translation>{app} — Login</translation>
        </message>
        <message>
            <location filename="../../ui/login_window.py" />
            <source>表示の設定(&amp;D)</source>
            <translation>&amp;Display settings</translation>
        </message>
        <message>
            <location filename="../../ui/login_window.py" />
            <source>文字の大きさ・ハイコントラスト・表示言語（Ctrl+Shift+D）</source>
            <translation>Text size, high contrast, display language (Ctrl+Shift+D)</translation>
        </message>
        <message>
            <location filename="../../ui/login_window.py" />
            <source>健康増進事業（成人健診）事務システム</source>
            <translation>Health promotion program (adult screening) office system</translation>
        </message>
        <message>
            <location filename="../../ui/login_window.py" />
            <source>デモ版です。表示される住民はすべて架空のデータです。
デモ用アカウント（職員ID / パスワード）:
{accounts}</source>
            <translation>This is a demo. All residents shown are fictitious.
Demo accounts (staff ID / password):
{accounts}</translation>
        </message>
        <message>
            <location filename="../../ui/login_window.py" />
            <source>端末: {name}　　最終同期: {synced}</source>
            <translation>Workstation: {name}    Last sync: {synced}</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>カナ・生年月日（和暦/西暦）・住民番号・受診券番号</source>
            <translation>Kana, date of birth (Japanese era or Western), resident number, voucher number</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>上位200件を表示しています。条件を絞り込んでください。</source>
            <translation>Showing the first 200. Narrow the search.</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>検索中…</source>
            <translation>Searching…</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>女</source>
            <translation>Female</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>男</source>
            <translation>Male</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>住民検索</source>
            <translation>Resident search</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>生年月日から</source>
            <translation>Born from</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>まで</source>
            <translation>to</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>例: 昭和30年1月1日</source>
            <translation>e.g. S30.1.1 or 1955-01-01</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>検索結果</source>
            <translation>Search results</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>検索(&amp;F)</source>
            <translation>&amp;Find</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>性別(&amp;S)</source>
            <translation>&amp;Sex</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>区(&amp;W)</source>
            <translation>&amp;Ward</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>生年月日(&amp;B)</source>
            <translation>&amp;Born</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>生年月日（から）</source>
            <translation>Date of birth (from)</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>生年月日（まで）</source>
            <translation>Date of birth (to)</translation>
        </message>
        <message>
            <location filename="../../ui/lookup_screen.py" />
            <source>{count:,}件</source>
            <translation>{count:,} found</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>健診デスク — ロック中</source>
            <translation>Kenshin Desk — Locked</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>画面の一覧</source>
            <translation>Screens</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>今すぐ同期(&amp;S)</source>
            <translation>&amp;Sync now</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>パスワード変更(&amp;P)</source>
            <translation>Change &amp;password</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>ロック(&amp;L)</source>
            <translation>&amp;Lock</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>操作(&amp;O)</source>
            <translation>&amp;Operations</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>{action}（{shortcut}）</source>
            <translation>{action} ({shortcut})</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>画面(&amp;G)</source>
            <translation>Screens (&amp;G)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>{title}(&amp;{key})</source>
            <translation>&amp;{key} {title}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>表示(&amp;V)</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>文字を大きく(&amp;I)</source>
            <translation>&amp;Increase text size</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>文字を小さく(&amp;O)</source>
            <translation>Decrease text size (&amp;O)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>前回の作業の下書きを戻しました。</source>
            <translation>The drafts of your previous work have been restored.</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" />
            <source>パスワードを変更しました。</source>
            <translation>Password changed.</translation>
        </message>
        <message>
            <location filename="../../ui/navigation.py" />
            <source>ホーム</source>
            <translation>Home</translation>
        </message>
        <message>
            <location filename="../../ui/navigation.py" />
            <source>照合確認</source>
            <translation>Verification</translation>
        </message>
        <message>
            <location filename="../../ui/navigation.py" />
            <source>入力品質</source>
            <translation>Keying quality</translation>
        </message>
        <message>
            <location filename="../../ui/navigation.py" />
            <source>受診勧奨</source>
            <translation>Screening invitations</translation>
        </message>
        <message>
            <location filename="../../ui/navigation.py" />
            <source>統計</source>
            <translation>Statistics</translation>
        </message>
        <message>
            <location filename="../../ui/navigation.py" />
            <source>保存期間の管理</source>
            <translation>Retention</translation>
        </message>
        <message>
            <location filename="../../ui/navigation.py" />
            <source>職員管理</source>
            <translation>Staff</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" />
            <source>印刷する文書を読み込めませんでした。</source>
            <translation>The document to print could not be read.</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" />
            <source>プリンターに接続できませんでした。プリンターの電源と接続を確かめてください。</source>
            <translation>Could not connect to the printer. Check that it is switched on and connected.</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" />
            <source>{page}ページ目</source>
            <translation>Page {page}</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" />
            <source>（先頭{pages}ページを表示）</source>
            <translation> (first {pages} pages shown)</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" />
            <source>全{total}ページ</source>
            <translation>{total} pages</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" />
            <source>印刷(&amp;P)…  Ctrl+P</source>
            <translation>&amp;Print…  Ctrl+P</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" />
            <source>閉じる  Esc</source>
            <translation>Close  Esc</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" />
            <source>{pages}ページを「{printer}」に送りました。</source>
            <translation>{pages} pages sent to “{printer}”.</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" />
            <source>受診券 {number}</source>
            <translation>Voucher {number}</translation>
        </message>
        <message>
            <location filename="../../ui/quality_screen.py" />
            <source>職員別</source>
            <translation>By staff</translation>
        </message>
        <message>
            <location filename="../../ui/quality_screen.py" />
            <source>検診別</source>
            <translation>By program</translation>
        </message>
        <message>
            <location filename="../../ui/quality_screen.py" />
            <source>項目別</source>
            <translation>By field</translation>
        </message>
        <message>
            <location filename="../../ui/quality_screen.py" />
            <source>月別</source>
            <translation>By month</translation>
        </message>
        <message>
            <location filename="../../ui/quality_screen.py" />
            <source>まだ照合済みの入力がありません。</source>
            <translation>No verified entries yet.</translation>
        </message>
        <message>
            <location filename="../../ui/quality_screen.py" />
            <source>誤り: 照合確認で採用されなかった入力の数（両方とも違えば両方に数えます）。見出しをクリックすると並べ替えます。</source>
            <translation>Errors: entries not accepted at verification (when both differ, both count). Click a heading to sort.</translation>
        </message>
        <message>
            <location filename="../../ui/quality_screen.py" />
            <source>区分</source>
            <translation>Group</translation>
        </message>
        <message>
            <location filename="../../ui/quality_screen.py" />
            <source>入力項目数</source>
            <translation>Fields keyed</translation>
        </message>
        <message>
            <location filename="../../ui/quality_screen.py" />
            <source>誤り</source>
            <translation>Errors</translation>
        </message>
        <message>
            <location filename="../../ui/quality_screen.py" />
            <source>1,000項目あたり</source>
            <translation>Per 1,000 fields</translation>
        </message>
        <message>
            <location filename="../../ui/quality_screen.py" />
            <source>集計の単位</source>
            <translation>Grouping</translation>
        </message>
        <message>
            <location filename="../../ui/quality_screen.py" />
            <source>集計(&amp;G)</source>
            <translation>&amp;Group by</translation>
        </message>
        <message>
            <location filename="../../ui/quality_screen.py" />
            <source>合計 入力 {keyed:,}項目　誤り {errors:,}　1,000項目あたり {rate:.1f}</source>
            <translation>Total: {keyed:,} fields keyed  {errors:,} errors  {rate:.1f} per 1,000 fields</translation>
        </message>
        <message>
            <location filename="../../ui/queue_table_model.py" />
            <source>バッチ</source>
            <translation>Batch</translation>
        </message>
        <message>
            <location filename="../../ui/queue_table_model.py" />
            <source>確認項目数</source>
            <translation>Fields to verify</translation>
        </message>
        <message>
            <location filename="../../ui/reminders_screen.py" />
            <source>精検受診勧奨</source>
            <translation>Follow-up reminder</translation>
        </message>
        <message>
            <location filename="../../ui/reminders_screen.py" />
            <source>対象者を探しています…</source>
            <translation>Looking for residents…</translation>
        </message>
        <message>
            <location filename="../../ui/reminders_screen.py" />
            <source>{count:,}件（支援措置 {excluded:,}件を除く）</source>
            <translation>{count:,} (excluding {excluded:,} under support measures)</translation>
        </message>
        <message>
            <location filename="../../ui/reminders_screen.py" />
            <source>印刷する通知がありません。</source>
            <translation>There are no notices to print.</translation>
        </message>
        <message>
            <location filename="../../ui/reminders_screen.py" />
            <source>通知の種類</source>
            <translation>Kind of notice</translation>
        </message>
        <message>
            <location filename="../../ui/reminders_screen.py" />
            <source>対象者を表示(&amp;S)</source>
            <translation>&amp;Show residents</translation>
        </message>
        <message>
            <location filename="../../ui/reminders_screen.py" />
            <source>プレビュー(&amp;V)</source>
            <translation>Pre&amp;view</translation>
        </message>
        <message>
            <location filename="../../ui/reminders_screen.py" />
            <source>印刷(&amp;P)</source>
            <translation>&amp;Print</translation>
        </message>
        <message>
            <location filename="../../ui/reminders_screen.py" />
            <source>通知の対象</source>
            <translation>Residents to notify</translation>
        </message>
        <message>
            <location filename="../../ui/reminders_screen.py" />
            <source>種類(&amp;T)</source>
            <translation>Kind (&amp;T)</translation>
        </message>
        <message>
            <location filename="../../ui/reminders_screen.py" />
            <source>検診を選んでください。</source>
            <translation>Choose a screening program.</translation>
        </message>
        <message>
            <location filename="../../ui/reminders_screen.py" />
            <source>{kind}（先頭{count}件）</source>
            <translation>{kind} (first {count})</translation>
        </message>
        <message>
            <location filename="../../ui/reminders_screen.py" />
            <source>印刷していません。</source>
            <translation>Not printed.</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>（住民記録なし）</source>
            <translation>(not in the register)</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>依頼日時</source>
            <translation>Requested</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>転入日</source>
            <translation>Moved in</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>依頼の種類</source>
            <translation>Kind</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>依頼者</source>
            <translation>Requested by</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>送信日時</source>
            <translation>Sent</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>回答日時</source>
            <translation>Answered</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>備考</source>
            <translation>Note</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>自分</source>
            <translation>You</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>自動（転入後）</source>
            <translation>Automatic (after moving in)</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>受信日時</source>
            <translation>Received</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>生年月日</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>前住所地</source>
            <translation>Former municipality</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>要精検</source>
            <translation>Needs follow-up</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_models.py" />
            <source>相手方</source>
            <translation>Counterpart</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_request.py" />
            <source>前住所地へ照会</source>
            <translation>Ask former municipality</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_request.py" />
            <source>転入した住民の、前住所地の市区町村での検診結果を情報提供ネットワークシステムで照会します（回答は情報連携の画面で、別の保護責任者が確認して取り込みます）</source>
            <translation>Ask the former municipality of a resident who moved in for their screening results through the information provision network (another supervisor takes the answer in on the Data linkage screen)</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_request.py" />
            <source>転入日の記録がない住民は照会できません。</source>
            <translation>A resident without a move-in date on record cannot be asked about.</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_request.py" />
            <source>照会を依頼しました。回答は「情報連携」の画面の確認待ちに届きます。</source>
            <translation>Inquiry made. The answer will arrive under Waiting on the Data linkage screen.</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_request.py" />
            <source>前住所地への照会</source>
            <translation>Inquiry to the former municipality</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_request.py" />
            <source>照会する(&amp;S)</source>
            <translation>&amp;Send inquiry</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_request.py" />
            <source>例: 転入時の窓口で受診歴の確認を希望</source>
            <translation>e.g. asked at the counter when moving in</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_request.py" />
            <source>{name}（転入日 {day}）の前住所地での検診結果を照会します。</source>
            <translation>Ask the former municipality of {name} (moved in {day}) for their screening results.</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_request.py" />
            <source>理由(&amp;R)（任意）</source>
            <translation>&amp;Reason (optional)</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_request.py" />
            <source>転入日: {day}</source>
            <translation>Moved in: {day}</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>サーバーに問い合わせています…</source>
            <translation>Asking the server…</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>照会は、住民検索で転入した住民を開き「前住所地へ照会」から依頼します。転入後の一定日数が過ぎた住民の照会は、サーバーが自動で作成します。</source>
            <translation>To make an inquiry, open a resident who moved in on the lookup screen and choose "Ask former municipality". The server makes inquiries itself for residents a set number of days after they move in.</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>送受信しました: 自動照会 {queued:,}件、送信 {sent:,}件、受信 {received:,}件、受付不可 {refused:,}件、副本登録 {registered:,}件、削除 {purged:,}件</source>
            <translation>Exchanged: {queued:,} automatic inquiries, {sent:,} sent, {received:,} received, {refused:,} refused, {registered:,} copies registered, {purged:,} deleted</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>住民・状態・依頼者など</source>
            <translation>Resident, status, requested by…</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>情報照会</source>
            <translation>Inquiries</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>差し戻す(&amp;D)</source>
            <translation>Re&amp;turn</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>確認して取り込む(&amp;K)</source>
            <translation>Confirm and take &amp;in</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>住民・種別・相手方・職員など</source>
            <translation>Resident, kind, counterpart, staff…</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>今すぐ送受信</source>
            <translation>Exchange now</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>確認して取り込む</source>
            <translation>Confirm and take in</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>差し戻す</source>
            <translation>Return</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>照会(&amp;1)</source>
            <translation>Inquiries (&amp;1)</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>確認待ち(&amp;2)</source>
            <translation>Waiting (&amp;2)</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>情報提供等記録(&amp;3)</source>
            <translation>Provision record (&amp;3)</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>{name}さんの前住所地（{city}）での検診結果 {count:,}件を受診歴に取り込みます。取り込んだ結果は今後の対象者の判定に使われます。よろしいですか。</source>
            <translation>Take {count:,} screening result(s) of {name} from the former municipality ({city}) into the history? They will count in future eligibility decisions.</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>受診歴に取り込みました（{count:,}件）。</source>
            <translation>Taken into the history ({count:,}).</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_screen.py" />
            <source>差し戻しました。受診歴には取り込まれません。</source>
            <translation>Returned. Nothing was taken into the history.</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>この照会はあなたが依頼したため、取り込むことはできません。照会を依頼した職員とは別の保護責任者が確認してください。</source>
            <translation>You made this inquiry, so you cannot take it in. A supervisor other than the one who made the inquiry must check it.</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>左の一覧から回答を選んでください。</source>
            <translation>Choose an answer in the list on the left.</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>回答の内容を確認し、受診歴に取り込みます（照会を依頼した職員とは別の職員が行います）</source>
            <translation>Check the answer and take it into the history (done by someone other than the one who made the inquiry)</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>絞り込み(&amp;F)</source>
            <translation>&amp;Filter</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>{shown:,}件を表示（全{count:,}件）</source>
            <translation>Showing {shown:,} of {count:,}</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>住民・前住所地など</source>
            <translation>Resident, former municipality…</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>確認待ちの回答</source>
            <translation>Answers waiting</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>回答の検診結果</source>
            <translation>Screenings in the answer</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>回答の内容</source>
            <translation>The answer</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>{name}（{born}生）
前住所地: {city}
受信: {received}</source>
            <translation>{name} (born {born})
Former municipality: {city}
Received: {received}</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>回答の差し戻し</source>
            <translation>Answer returned</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>差し戻す(&amp;S)</source>
            <translation>&amp;Send back</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>例: 本人と異なる方の結果が含まれている</source>
            <translation>e.g. contains results of someone else</translation>
        </message>
        <message>
            <location filename="../../ui/renkei_tabs.py" />
            <source>差し戻す理由を入力してください。</source>
            <translation>Enter the reason for returning it.</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>支援措置対象者（DV等）：郵送・交付は保護責任者の確認が必要です</source>
            <translation>Support measure resident (DV etc.): mailing and handing over need a supervisor's check</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>検索結果の行を選んで Enter を押すと、ここに住民の詳細が表示されます。</source>
            <translation>Choose a row of the search results and press Enter to show the resident's details here.</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>照合済みの受診歴を選ぶと、訂正・削除を申請できます（保護責任者の承認が必要）</source>
            <translation>Choose a verified screening in the history to request a correction or deletion (a supervisor approves it)</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>支援措置</source>
            <translation>Support measure</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>個人番号</source>
            <translation>My Number</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>表示(&amp;R)</source>
            <translation>Show (&amp;R)</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>個人番号を表示します（記録されます）</source>
            <translation>Show the My Number (this is recorded)</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>対象となる検診</source>
            <translation>Eligible screenings</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>受診歴（5年）</source>
            <translation>Screening history (5 years)</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>未完了の要精検</source>
            <translation>Open follow-ups</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>未完了の要精検はありません。</source>
            <translation>No open follow-ups.</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>5年以内の受診歴はありません。</source>
            <translation>No screenings in the last 5 years.</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>訂正・削除を申請</source>
            <translation>Request correction or deletion</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>受診券を発行</source>
            <translation>Issue voucher</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>性別</source>
            <translation>Sex</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>住所</source>
            <translation>Address</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>住民番号</source>
            <translation>Resident number</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>転出: {day}</source>
            <translation>Moved out: {day}</translation>
        </message>
        <message>
            <location filename="../../ui/resident_detail.py" />
            <source>死亡: {day}</source>
            <translation>Died: {day}</translation>
        </message>
        <message>
            <location filename="../../ui/resident_table_model.py" />
            <source>免除</source>
            <translation>Exempt</translation>
        </message>
        <message>
            <location filename="../../ui/resident_table_model.py" />
            <source>自己負担</source>
            <translation>Fee</translation>
        </message>
        <message>
            <location filename="../../ui/resident_table_model.py" />
            <source>クーポン</source>
            <translation>Coupon</translation>
        </message>
        <message>
            <location filename="../../ui/resident_table_model.py" />
            <source>判定</source>
            <translation>Result</translation>
        </message>
        <message>
            <location filename="../../ui/resident_table_model.py" />
            <source>初回</source>
            <translation>First time</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>保存期間を過ぎた検診結果はありません。</source>
            <translation>No screening results are past their retention period.</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>保存期間は各年度の末日（3月31日）から数えます。承認すると、その検診・年度の結果と、その用紙・入力・照合判断・精検結果・訂正申請・受診券がサーバーとすべての端末から削除されます。作成済みの統計はそのまま残ります。</source>
            <translation>Retention is counted from the end of each fiscal year (31 March). Approving deletes the results of that program and fiscal year, with their forms, entries, adjudications, follow-up results, correction requests and vouchers, from the server and every workstation. Statistics already made are kept.</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>{year}年度</source>
            <translation>FY{year}</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>保存期間</source>
            <translation>Retention period</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>{years}年</source>
            <translation>{years} years</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>削除できる日</source>
            <translation>Deletable from</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>保存期間を過ぎた検診結果</source>
            <translation>Screening results past their retention period</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>名簿</source>
            <translation>Names</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>更新(&amp;R)</source>
            <translation>&amp;Refresh</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>名簿を表示(&amp;L)</source>
            <translation>Show &amp;names</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>承認して削除(&amp;D)</source>
            <translation>Approve and &amp;delete</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>{day} 現在　{groups}区分　{total:,}件</source>
            <translation>As of {day}  {groups} groups  {total:,} results</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>名簿: {program} {year}年度（{count:,}名、閲覧は記録されます）</source>
            <translation>Names: {program} FY{year} ({count:,} people; viewing is recorded)</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>{program} {year}年度の検診結果 {count:,}件を、サーバーとすべての端末から削除します。元に戻せません。よろしいですか。</source>
            <translation>Delete {count:,} screening results of {program} FY{year} from the server and every workstation? This cannot be undone.</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>{program} {year}年度: 検診結果 {results:,}件、訂正申請 {corrections:,}件を削除しました。</source>
            <translation>{program} FY{year}: {results:,} screening results and {corrections:,} correction requests deleted.</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source> 個人番号 {count:,}名分を消去しました。</source>
            <translation> My Numbers of {count:,} people cleared.</translation>
        </message>
        <message>
            <location filename="../../ui/retention_screen.py" />
            <source>次の同期でこの端末からも削除されます。</source>
            <translation>They will also be deleted from this workstation at the next sync.</translation>
        </message>
        <message>
            <location filename="../../ui/settings_screen.py" />
            <source>変更はサーバーに保存され、各端末には次の同期で届きます。</source>
            <translation>Changes are saved on the server and reach each workstation at its next sync.</translation>
        </message>
        <message>
            <location filename="../../ui/settings_screen.py" />
            <source>ファイル出力プリンター名</source>
            <translation>File-output printer names</translation>
        </message>
        <message>
            <location filename="../../ui/settings_screen.py" />
            <source>1行に1つ（この名前を含むプリンターは使えません）</source>
            <translation>One per line (printers whose name contains it cannot be used)</translation>
        </message>
        <message>
            <location filename="../../ui/settings_screen.py" />
            <source>ファイル出力プリンター名
（1行に1つ）</source>
            <translation>File-output printer names
(one per line)</translation>
        </message>
        <message>
            <location filename="../../ui/settings_screen.py" />
            <source>保存年数（各年度の末日から。過ぎた記録は保護責任者の承認で削除）</source>
            <translation>Retention years (from the end of each fiscal year; expired records are deleted with a supervisor's approval)</translation>
        </message>
        <message>
            <location filename="../../ui/settings_screen.py" />
            <source>設定なし（削除しない）</source>
            <translation>Not set (never deleted)</translation>
        </message>
        <message>
            <location filename="../../ui/settings_screen.py" />
            <source> 年</source>
            <translation> years</translation>
        </message>
        <message>
            <location filename="../../ui/settings_screen.py" />
            <source>{program}の保存年数</source>
            <translation>Retention years of {program}</translation>
        </message>
        <message>
            <location filename="../../ui/settings_screen.py" />
            <source>元に戻す(&amp;R)</source>
            <translation>&amp;Revert</translation>
        </message>
        <message>
            <location filename="../../ui/settings_screen.py" />
            <source>変更された設定はありません。</source>
            <translation>No settings have been changed.</translation>
        </message>
        <message>
            <location filename="../../ui/settings_screen.py" />
            <source>{count}件の設定を保存しました。</source>
            <translation>{count} settings saved.</translation>
        </message>
        <message>
            <location filename="../../ui/single_instance.py" />
            <source>健診デスクはこの端末ですでに起動しています（同じデータフォルダでは1つだけ起動できます）。タスクバーにある健診デスクの画面を使ってください。</source>
            <translation>Kenshin Desk is already running on this workstation (only one can run per data folder). Use the Kenshin Desk window on the taskbar.</translation>
        </message>
        <message>
            <location filename="../../ui/staff_dialogs.py" />
            <source>職員の新規作成</source>
            <translation>New staff member</translation>
        </message>
        <message>
            <location filename="../../ui/staff_dialogs.py" />
            <source>半角英数字 3〜40文字（例: yamada.h）</source>
            <translation>3 to 40 letters and digits (e.g. yamada.h)</translation>
        </message>
        <message>
            <location filename="../../ui/staff_dialogs.py" />
            <source>例: 山田 花子</source>
            <translation>e.g. 山田 花子</translation>
        </message>
        <message>
            <location filename="../../ui/staff_dialogs.py" />
            <source>氏名(&amp;M)</source>
            <translation>Na&amp;me</translation>
        </message>
        <message>
            <location filename="../../ui/staff_dialogs.py" />
            <source>役割</source>
            <translation>Roles</translation>
        </message>
        <message>
            <location filename="../../ui/staff_dialogs.py" />
            <source>付与する(&amp;S)</source>
            <translation>&amp;Grant</translation>
        </message>
        <message>
            <location filename="../../ui/staff_dialogs.py" />
            <source>権限の付与</source>
            <translation>Grant a role</translation>
        </message>
        <message>
            <location filename="../../ui/staff_dialogs.py" />
            <source>有効期限を設ける(&amp;E)</source>
            <translation>Set an &amp;expiry date</translation>
        </message>
        <message>
            <location filename="../../ui/staff_dialogs.py" />
            <source>{name} さんに権限を付与します。</source>
            <translation>Grant a role to {name}.</translation>
        </message>
        <message>
            <location filename="../../ui/staff_dialogs.py" />
            <source>役割(&amp;R)</source>
            <translation>&amp;Role</translation>
        </message>
        <message>
            <location filename="../../ui/staff_dialogs.py" />
            <source>最終日(&amp;D)</source>
            <translation>Last &amp;day</translation>
        </message>
        <message>
            <location filename="../../ui/staff_dialogs.py" />
            <source>{day}の終わりまで</source>
            <translation>Until the end of {day}</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>権限（上の一覧で職員を選んでください）</source>
            <translation>Roles (choose a staff member in the list above)</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>権限一覧</source>
            <translation>Roles</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>職員ID・氏名で絞り込み</source>
            <translation>Filter by staff ID or name</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>新規作成</source>
            <translation>New</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>権限の記録を印刷</source>
            <translation>Print grants history</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>{staff}の権限</source>
            <translation>Roles of {staff}</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>職員 {login} を作成しました。</source>
            <translation>Staff member {login} created.</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>仮パスワード:</source>
            <translation> Temporary password:</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>{staff}のパスワードを再設定しますか？今のパスワードは使えなくなります。</source>
            <translation>Reset the password of {staff}? The current password will stop working.</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>{staff}の仮パスワード:</source>
            <translation>Temporary password of {staff}:</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>{staff}のパスワードを再設定しました。</source>
            <translation>Password of {staff} reset.</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>{staff}のロックを解除しました。</source>
            <translation>{staff} unlocked.</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>{staff}を利用再開にしました。</source>
            <translation>{staff} enabled.</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>{staff}を利用再開にしますか？</source>
            <translation>Enable {staff} again?</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>{staff}を利用停止にしました。</source>
            <translation>{staff} disabled.</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>{staff}を利用停止にしますか？</source>
            <translation>Disable {staff}?</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>{staff}に権限を付与しました。</source>
            <translation>Role granted to {staff}.</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>{staff}の権限を取り消しますか？</source>
            <translation>Revoke this role of {staff}?</translation>
        </message>
        <message>
            <location filename="../../ui/staff_screen.py" />
            <source>{staff}の権限を取り消しました。</source>
            <translation>Role of {staff} revoked.</translation>
        </message>
        <message>
            <location filename="../../ui/staff_table_model.py" />
            <source>（権限なし）</source>
            <translation>(no roles)</translation>
        </message>
        <message>
            <location filename="../../ui/staff_table_model.py" />
            <source>ロック中（{until}まで）</source>
            <translation>Locked (until {until})</translation>
        </message>
        <message>
            <location filename="../../ui/staff_table_model.py" />
            <source>有効</source>
            <translation>Valid</translation>
        </message>
        <message>
            <location filename="../../ui/staff_table_model.py" />
            <source>期限切れ</source>
            <translation>Expired</translation>
        </message>
        <message>
            <location filename="../../ui/staff_table_model.py" />
            <source>停止中</source>
            <translation>Disabled</translation>
        </message>
        <message>
            <location filename="../../ui/staff_table_model.py" />
            <source>変更待ち</source>
            <translation>Must change</translation>
        </message>
        <message>
            <location filename="../../ui/staff_table_model.py" />
            <source>ロック</source>
            <translation>Lock</translation>
        </message>
        <message>
            <location filename="../../ui/staff_table_model.py" />
            <source>付与日時</source>
            <translation>Granted at</translation>
        </message>
        <message>
            <location filename="../../ui/staff_table_model.py" />
            <source>有効期限</source>
            <translation>Valid until</translation>
        </message>
        <message>
            <location filename="../../ui/staff_table_model.py" />
            <source>なし</source>
            <translation>None</translation>
        </message>
        <message>
            <location filename="../../ui/staff_table_model.py" />
            <source>取消日時</source>
            <translation>Revoked at</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>集計中…（住民記録全体を確認しています）</source>
            <translation>Counting… (checking the whole resident register)</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>年齢は各検診の基準日の年齢。精検は確認済みの精検結果から集計し、未入力は未把握に数えます。2年度に1回の検診の受診率は（前年度＋当該年度−2年連続）の受診者で計算します。</source>
            <translation>Ages are as of each program's reference date. Follow-ups are counted from confirmed follow-up results; those not entered count as unknown. For programs held every two fiscal years the rate uses examinees of (previous year + this year − both years).</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>対象者</source>
            <translation>Targets</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>非初回</source>
            <translation>Repeat</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>受診者計</source>
            <translation>Examinees</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>精検受診</source>
            <translation>Follow-up attended</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>がん</source>
            <translation>Cancer</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>精検未受診</source>
            <translation>Follow-up not attended</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>精検未把握</source>
            <translation>Follow-up unknown</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>がんの疑い又は未確定</source>
            <translation>Suspected or undetermined cancer</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>異常認めず</source>
            <translation>No abnormality</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>がん以外の疾患</source>
            <translation>Disease other than cancer</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>性別・年齢</source>
            <translation>Sex and age</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>{sex}　計</source>
            <translation>{sex}  total</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>合計</source>
            <translation>Total</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>—（対象者がいません）</source>
            <translation>— (no targets)</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>{program}　{year}　受診率（{low}〜{high}歳）: {rate}（受診者 {examinees:,} ÷ 対象者 {targets:,}）</source>
            <translation>{program}  {year}  Screening rate (ages {low}–{high}): {rate} ({examinees:,} examinees ÷ {targets:,} targets)</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>集計(&amp;R)</source>
            <translation>&amp;Run</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>保存済みを表示(&amp;S)</source>
            <translation>&amp;Show saved</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>印刷(&amp;P)…</source>
            <translation>&amp;Print…</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>集計表</source>
            <translation>Tables</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>統計（地域保健・健康増進事業報告）</source>
            <translation>Statistics (Community Health and Health Promotion Report)</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>この検診・年度の集計はまだ作成されていません。</source>
            <translation>The statistics for this program and fiscal year have not been made yet.</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>　（作成 {made}）</source>
            <translation>  (made {made})</translation>
        </message>
        <message>
            <location filename="../../ui/statistics_screen.py" />
            <source>統計の印刷</source>
            <translation>Print statistics</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>競合</source>
            <translation>Conflict</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>同期の問題はありません。</source>
            <translation>No sync problems.</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>競合: 同じ記録が別の端末で先に変更されています。　拒否: サーバーが受け取れない内容です。
再送すると次の同期でもう一度送ります。破棄すると、サーバーにある版が残ります。</source>
            <translation>Conflict: the same record was changed first on another workstation.  Refused: the server cannot accept the content.
Resending sends it again at the next sync. Discarding keeps the version on the server.</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>一覧から問題を選んでください。</source>
            <translation>Choose a problem from the list.</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>この端末の記録「{kind}（{short}）」を破棄します。

サーバーにある版がそのまま残り、この端末で入力・変更した内容は送信されません。破棄は元に戻せません（操作は監査ログに記録されます）。

破棄しますか？</source>
            <translation>Discard this workstation's record “{kind} ({short})”.

The version on the server stays as it is; what was keyed or changed on this workstation is not sent. Discarding cannot be undone (it is recorded in the audit log).

Discard it?</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>再送します。次の同期で送信されます。</source>
            <translation>Will be resent at the next sync.</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>破棄しました。サーバーの版が残ります。</source>
            <translation>Discarded. The server's version remains.</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>サーバーの理由</source>
            <translation>Server's reason</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>発生日時</source>
            <translation>Occurred at</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>試行回数</source>
            <translation>Attempts</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>再送(&amp;R)</source>
            <translation>&amp;Resend</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>破棄(&amp;D)</source>
            <translation>&amp;Discard</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>同期の問題 {count:,}件</source>
            <translation>{count:,} sync problems</translation>
        </message>
        <message>
            <location filename="../../ui/sync_problems_screen.py" />
            <source>{kind}（記録ID {record}）— {status}
サーバーの理由: {reason}</source>
            <translation>{kind} (record ID {record}) — {status}
Server's reason: {reason}</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source> ・ </source>
            <translation> · </translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>未登録（単独運用）</source>
            <translation>Not enrolled (standalone)</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>オフライン</source>
            <translation>Offline</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>同期中…</source>
            <translation>Syncing…</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>オンラインで再ログインすると送信されます</source>
            <translation>Sent after logging in again online</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>この端末の登録は取り消されました（未送信の記録は保存されています）</source>
            <translation>This workstation's enrollment has been revoked (unsent records are kept)</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>同期の状態を読み取れません</source>
            <translation>The sync status cannot be read</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>最終同期 まだありません</source>
            <translation>Never synced</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>同期の問題は、保護責任者が「同期の問題」画面で再送か破棄を選びます。</source>
            <translation>A supervisor resends or discards sync problems on the “Sync problems” screen.</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>クリックするか Space キーで今すぐ同期します（Ctrl+Shift+S）。</source>
            <translation>Click or press Space to sync now (Ctrl+Shift+S).</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>最終同期 {time}</source>
            <translation>Last sync {time}</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>未送信 {count:,}件</source>
            <translation>{count:,} unsent</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>同期の状態</source>
            <translation>Sync status</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>サーバー: {url}</source>
            <translation>Server: {url}</translation>
        </message>
        <message>
            <location filename="../../ui/sync_status.py" />
            <source>端末名: {name}</source>
            <translation>Workstation name: {name}</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>✓ 用紙と一致</source>
            <translation>✓ Matches the form</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>✗ 用紙と不一致</source>
            <translation>✗ Differs from the form</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>（空欄）</source>
            <translation>(blank)</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>理由（必須）</source>
            <translation>Reason (required)</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>用紙 {number}　{program}</source>
            <translation>Form {number}  {program}</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>{field} 用紙の値</source>
            <translation>{field} value on the form</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>採用</source>
            <translation>Accept</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>差し戻し</source>
            <translation>Return</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>{field} 確定値</source>
            <translation>{field} final value</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>{field} 理由</source>
            <translation>{field} reason</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>確定 Enter</source>
            <translation>Confirm Enter</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>用紙の値</source>
            <translation>Value on the form</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>確定値</source>
            <translation>Final value</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>採用しました: {value}</source>
            <translation>Accepted: {value}</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>差し戻しました。両方の入力者が入力し直します。</source>
            <translation>Returned. Both clerks will key it again.</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>本人確認: {problem}</source>
            <translation>Identity: {problem}</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>候補の住民</source>
            <translation>Candidate residents</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>本人確認の理由</source>
            <translation>Reason for the identity</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>この住民に確定</source>
            <translation>Confirm this resident</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>候補から住民を選び、理由を入力してください。</source>
            <translation>Choose a resident from the candidates and enter a reason.</translation>
        </message>
        <message>
            <location filename="../../ui/verification_case.py" />
            <source>一覧から用紙を選び、Enter で開きます。</source>
            <translation>Choose a form from the list and press Enter to open it.</translation>
        </message>
        <message>
            <location filename="../../ui/verification_screen.py" />
            <source>照合が完了しました</source>
            <translation>Verification complete</translation>
        </message>
        <message>
            <location filename="../../ui/verification_screen.py" />
            <source>差し戻しました</source>
            <translation>Returned</translation>
        </message>
        <message>
            <location filename="../../ui/verification_screen.py" />
            <source>確認待ちの用紙はありません。</source>
            <translation>No forms are awaiting verification.</translation>
        </message>
        <message>
            <location filename="../../ui/verification_screen.py" />
            <source>確認待ちの用紙</source>
            <translation>Forms awaiting verification</translation>
        </message>
        <message>
            <location filename="../../ui/verification_screen.py" />
            <source>{done}（{form}）</source>
            <translation>{done} ({form})</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>再発行済</source>
            <translation>Reissued</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>取消</source>
            <translation>Voided</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>発行済</source>
            <translation>Issued</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>この年度に発行できる検診はありません。</source>
            <translation>No screening program can be issued in this fiscal year.</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>{status}（再発行）</source>
            <translation>{status} (reissue)</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>番号</source>
            <translation>Number</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>発行日時</source>
            <translation>Issued at</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>実行する(&amp;O)</source>
            <translation>&amp;OK</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>発行した受診券はありません。</source>
            <translation>No vouchers issued.</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>再発行…</source>
            <translation>Reissue…</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>取消…</source>
            <translation>Void…</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>支援措置対象者へ個別発行…</source>
            <translation>Issue individually to support-measure resident…</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>受診券 {number}（{program}）を無効にし、新しい番号で再発行します。</source>
            <translation>Void voucher {number} ({program}) and reissue it with a new number.</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>受診券の再発行</source>
            <translation>Reissue voucher</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>受診券 {number} を再発行しました。</source>
            <translation>Voucher {number} reissued.</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>受診券 {number}（{program}）を取り消します。</source>
            <translation>Void voucher {number} ({program}).</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>受診券の取消</source>
            <translation>Void voucher</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>受診券 {number} を取り消しました。</source>
            <translation>Voucher {number} voided.</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>{name} さんは支援措置の対象者です。住所を確かめたうえで、{year}の受診券を個別に発行します。</source>
            <translation>{name} is under a support measure. Check the address, then issue the {year} voucher individually.</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>支援措置対象者への個別発行</source>
            <translation>Individual issue to a support-measure resident</translation>
        </message>
        <message>
            <location filename="../../ui/voucher_actions.py" />
            <source>受診券 {number} を個別に発行しました。</source>
            <translation>Voucher {number} issued individually.</translation>
        </message>
        <message>
            <location filename="../../ui/widgets.py" />
            <source>健診デスク</source>
            <translation>Kenshin Desk</translation>
        </message>
        <message>
            <location filename="../../ui/widgets.py" />
            <source>仮パスワード</source>
            <translation>Temporary password</translation>
        </message>
        <message>
            <location filename="../../ui/widgets.py" />
            <source>この画面を閉じると二度と表示されません。本人に口頭で伝えてください。</source>
            <translation>This will never be shown again once closed. Tell it to the person in person.</translation>
        </message>
        <message>
            <location filename="../../ui/widgets.py" />
            <source>エラー</source>
            <translation>Error</translation>
        </message>
        <message>
            <location filename="../../ui/widgets.py" />
            <source>実行する(&amp;Y)</source>
            <translation>&amp;Yes, do it</translation>
        </message>
        <message>
            <location filename="../../ui/widgets.py" />
            <source>やめる(&amp;N)</source>
            <translation>&amp;No</translation>
        </message>
        <message>
            <source>キャンセル</source>
            <translation type="vanished">Cancel</translation>
        </message>
        <message>
            <source>他の職員</source>
            <translation type="vanished">Someone else</translation>
        </message>
        <message>
            <source>種別・相手方・職員など</source>
            <translation type="vanished">Kind, counterpart, staff…</translation>
        </message>
    </context>
</TS>
