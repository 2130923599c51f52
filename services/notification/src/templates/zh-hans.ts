import type { LocaleTemplates } from './types';

export const zhHans: LocaleTemplates = {
  footer: { sentBy: '此邮件由 Manabee 发送。', unsubscribe: '退订' },
  messages: {
    account_verification: {
      subject: '验证您的邮箱地址',
      body: '欢迎使用 Manabee。\n\n验证码：{{code}}\n\n如果这不是您本人操作，请忽略此邮件。',
      action: '验证邮箱地址',
      short: 'Manabee 验证码：{{code}}',
    },
    password_reset: {
      subject: '重置密码',
      body: '我们收到了重置密码的请求。\n\n如果这不是您本人操作，请忽略此邮件，您的密码不会改变。',
      action: '重置密码',
      short: 'Manabee：收到重置密码的请求。',
    },
    safety_alert_critical: {
      subject: '紧急：孩子的对话中有需要您立即关注的内容',
      body: '我们在孩子与 Manabee 的对话中发现了需要您立即关注的内容。\n\n请在应用中查看详情。',
      action: '查看提醒',
      short: 'Manabee：孩子的对话有紧急提醒，请立即查看：{{link}}',
    },
    safety_alert_high: {
      subject: '孩子的对话中有需要您关注的内容',
      body: '我们在孩子与 Manabee 的对话中发现了需要家长查看的内容。\n\n请在应用中查看详情。',
      action: '查看提醒',
      short: 'Manabee：孩子的对话有一条提醒：{{link}}',
    },
    safety_alert_low: {
      subject: '关于孩子对话的通知',
      body: '孩子与 Manabee 的对话中有一些内容我们想告知您。',
      action: '查看提醒',
      short: 'Manabee：有一条关于孩子对话的通知。',
    },
    safety_digest: {
      subject: '今日通知（{{count}} 条）',
      body: '今天有 {{count}} 条关于孩子对话的通知。\n\n您可以在应用中统一查看。',
      action: '查看通知',
      short: 'Manabee：今天有 {{count}} 条通知。',
    },
    alert_reminder: {
      subject: '提醒：有一条紧急提醒尚未查看',
      body: '一条紧急提醒尚未被查看。\n\n请在应用中查看详情。',
      action: '查看提醒',
      short: 'Manabee：有一条紧急提醒尚未查看：{{link}}',
    },
    weekly_report_ready: {
      subject: '{{childName}} 的学习周报已生成',
      body: '{{childName}} 上周的学习报告已生成，包括学习时间、科目和亲子交流的小建议。',
      action: '查看报告',
      short: 'Manabee：学习周报已生成。',
    },
    billing_payment_failed: {
      subject: '付款未成功',
      body: '我们无法处理您 {{amount}} 的付款，请检查您的付款方式。',
      action: '更新付款方式',
      short: 'Manabee：付款未成功。',
    },
    billing_subscription_renewed: {
      subject: '您的 {{plan}} 套餐已续订',
      body: '您的 {{plan}} 套餐已续订，已扣款 {{amount}}。感谢您的支持。',
      action: '查看账单',
      short: 'Manabee：套餐已续订。',
    },
    school_link_request: {
      subject: '{{schoolName}} 请求与您的孩子关联',
      body: '{{schoolName}} 希望与 {{childName}} 关联。在您批准之前，不会向学校共享任何信息。',
      action: '查看请求',
      short: 'Manabee：有学校请求与您的孩子关联。',
    },
  },
};
