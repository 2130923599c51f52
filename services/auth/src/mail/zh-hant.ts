import type { AccountMailCatalog } from './templates';

const UNITS = { minute: '分鐘', hour: '小時', day: '天' } as const;

export const zhHant: AccountMailCatalog = {
  duration: (amount, unit) => `${amount}${UNITS[unit]}`,
  signature: 'Manabee 團隊',
  mails: {
    emailVerification: {
      subject: '【Manabee】請確認您的電子郵件地址',
      text: `感謝您註冊 Manabee。請開啟以下連結，完成電子郵件地址的確認：

{{link}}

連結的有效期限為{{validFor}}。

如果您沒有註冊 Manabee，請忽略這封郵件，此電子郵件地址不會被確認。`,
    },
    emailVerificationResent: {
      subject: '【Manabee】用於確認電子郵件地址的新連結',
      text: `這是用於確認您 Manabee 電子郵件地址的新連結：

{{link}}

連結的有效期限為{{validFor}}。先前寄出的連結已失效。

如果您沒有註冊 Manabee，請忽略這封郵件。`,
    },
    signUpAttempt: {
      subject: '【Manabee】有人嘗試以您的電子郵件地址註冊',
      text: `有人嘗試使用此電子郵件地址建立 Manabee 帳號，但此地址已有帳號，因此並未建立新帳號。

如果是您本人操作，請透過以下頁面登入或重設密碼：

{{link}}

如果不是您本人操作，您無需採取任何行動，您的帳號沒有任何變更。`,
    },
    accountLocked: {
      subject: '【Manabee】您的帳號登入已暫時受到限制',
      text: `由於多次輸入錯誤的密碼，我們已暫時限制您的帳號登入，稍後將自動解除。

如果是您本人操作，也可以透過以下連結立即解除：

{{link}}

連結的有效期限為{{validFor}}。

如果不是您本人操作，可能有人正在嘗試猜測您的密碼，建議您變更密碼。`,
    },
    passwordReset: {
      subject: '【Manabee】重設密碼',
      text: `我們收到了重設您 Manabee 密碼的要求。請透過以下連結設定新密碼：

{{link}}

連結的有效期限為{{validFor}}。

如果這不是您本人提出的要求，請忽略這封郵件，您的密碼不會變更。`,
    },
    teacherInvitation: {
      subject: '【Manabee】{{organization}} 邀請您加入',
      text: `{{organization}} 邀請您以教師身分加入 Manabee。請透過以下連結接受邀請：

{{link}}

連結的有效期限為{{validFor}}。

如果您並未預期收到這份邀請，請忽略這封郵件。`,
    },
    classroomLinkRequest: {
      subject: '【Manabee】老師請求將您的孩子加入班級',
      text: `Manabee 上的一位老師請求將您的孩子加入班級「{{classroom}}」。請在家庭設定中查看這項請求：

{{link}}

在您核准之前，孩子的任何資訊都不會與該班級分享。如果您對這項請求不知情，請予以拒絕。`,
    },
  },
};
