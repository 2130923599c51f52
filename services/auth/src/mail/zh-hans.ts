import type { AccountMailCatalog } from './templates';

const UNITS = { minute: '分钟', hour: '小时', day: '天' } as const;

export const zhHans: AccountMailCatalog = {
  duration: (amount, unit) => `${amount}${UNITS[unit]}`,
  signature: 'Manabee 团队',
  mails: {
    emailVerification: {
      subject: '【Manabee】请确认您的邮箱地址',
      text: `感谢您注册 Manabee。请打开以下链接，完成邮箱地址确认：

{{link}}

链接有效期为{{validFor}}。

如果您没有注册 Manabee，请忽略此邮件，该邮箱地址不会被确认。`,
    },
    emailVerificationResent: {
      subject: '【Manabee】用于确认邮箱地址的新链接',
      text: `这是用于确认您 Manabee 邮箱地址的新链接：

{{link}}

链接有效期为{{validFor}}。之前发送的链接已失效。

如果您没有注册 Manabee，请忽略此邮件。`,
    },
    signUpAttempt: {
      subject: '【Manabee】有人尝试用您的邮箱地址注册',
      text: `有人尝试使用此邮箱地址创建 Manabee 账户，但该地址已有账户，因此没有创建新账户。

如果是您本人操作，请通过以下页面登录或重置密码：

{{link}}

如果不是您本人操作，您无需采取任何措施，您的账户没有任何变更。`,
    },
    accountLocked: {
      subject: '【Manabee】您的账户登录已被暂时限制',
      text: `由于多次输入错误的密码，我们已暂时限制您的账户登录，稍后将自动解除。

如果是您本人操作，也可以通过以下链接立即解除：

{{link}}

链接有效期为{{validFor}}。

如果不是您本人操作，可能有人在尝试猜测您的密码，建议您修改密码。`,
    },
    passwordReset: {
      subject: '【Manabee】重置密码',
      text: `我们收到了重置您 Manabee 密码的请求。请通过以下链接设置新密码：

{{link}}

链接有效期为{{validFor}}。

如果这不是您本人的请求，请忽略此邮件，您的密码不会改变。`,
    },
    teacherInvitation: {
      subject: '【Manabee】{{organization}} 邀请您加入',
      text: `{{organization}} 邀请您以教师身份加入 Manabee。请通过以下链接接受邀请：

{{link}}

链接有效期为{{validFor}}。

如果您没有预期收到此邀请，请忽略此邮件。`,
    },
    classroomLinkRequest: {
      subject: '【Manabee】老师请求将您的孩子加入班级',
      text: `Manabee 上的一位老师请求将您的孩子加入班级“{{classroom}}”。请在家庭设置中查看此请求：

{{link}}

在您批准之前，孩子的任何信息都不会与该班级共享。如果您对此请求不知情，请予以拒绝。`,
    },
  },
};
