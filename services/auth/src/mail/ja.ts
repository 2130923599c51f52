import type { AccountMailCatalog } from './templates';

const UNITS = { minute: '分', hour: '時間', day: '日間' } as const;

export const ja: AccountMailCatalog = {
  duration: (amount, unit) => `${amount}${UNITS[unit]}`,
  signature: 'Manabee',
  mails: {
    emailVerification: {
      subject: '【Manabee】メールアドレスのご確認',
      text: `Manabee にご登録いただき、ありがとうございます。
次のリンクを開いて、メールアドレスの確認を完了してください。

{{link}}

リンクの有効期限は{{validFor}}です。

お心当たりがない場合は、このメールを破棄してください。リンクを開かない限り、このメールアドレスが確認済みになることはありません。`,
    },
    emailVerificationResent: {
      subject: '【Manabee】メールアドレス確認用の新しいリンク',
      text: `Manabee のメールアドレス確認用に、新しいリンクをお送りします。
次のリンクを開いて、確認を完了してください。

{{link}}

リンクの有効期限は{{validFor}}です。以前お送りしたリンクは使えなくなりました。

お心当たりがない場合は、このメールを破棄してください。`,
    },
    signUpAttempt: {
      subject: '【Manabee】このメールアドレスで新規登録が試みられました',
      text: `このメールアドレスで Manabee のアカウントを作成しようとする操作がありました。このアドレスにはすでにアカウントがあるため、新しいアカウントは作成されていません。

ご本人による操作の場合は、次のページからログインするか、パスワードを再設定してください。

{{link}}

お心当たりがない場合は、対応は不要です。アカウントの内容は変更されていません。`,
    },
    accountLocked: {
      subject: '【Manabee】ログインを一時的に制限しました',
      text: `パスワードの入力に続けて失敗したため、お使いのアカウントへのログインを一時的に制限しました。しばらくすると自動的に解除されます。

ご本人による操作の場合は、次のリンクからすぐに解除することもできます。

{{link}}

リンクの有効期限は{{validFor}}です。

お心当たりがない場合は、第三者がログインを試みた可能性があります。念のため、パスワードの変更をおすすめします。`,
    },
    passwordReset: {
      subject: '【Manabee】パスワード再設定のご案内',
      text: `パスワード再設定のリクエストを受け付けました。
次のリンクから新しいパスワードを設定してください。

{{link}}

リンクの有効期限は{{validFor}}です。

お心当たりがない場合は、このメールを破棄してください。パスワードは変更されません。`,
    },
    teacherInvitation: {
      subject: '【Manabee】{{organization}} への招待が届いています',
      text: `{{organization}} から、Manabee に教員として参加するよう招待が届いています。
次のリンクを開いて、招待を承諾してください。

{{link}}

リンクの有効期限は{{validFor}}です。

お心当たりがない場合は、このメールを破棄してください。`,
    },
    classroomLinkRequest: {
      subject: '【Manabee】先生からお子さまのクラス登録のリクエストが届きました',
      text: `Manabee で、先生からお子さまをクラス「{{classroom}}」に登録するリクエストが届きました。
次のページで内容をご確認のうえ、承認するかどうかをお選びください。

{{link}}

承認するまで、お子さまの情報がクラスに共有されることはありません。お心当たりがない場合は、リクエストを拒否してください。`,
    },
  },
};
