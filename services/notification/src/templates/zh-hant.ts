import type { LocaleTemplates } from './types';

export const zhHant: LocaleTemplates = {
  footer: { sentBy: '此郵件由 Manabee 寄出。', unsubscribe: '取消訂閱' },
  messages: {
    account_verification: {
      subject: '驗證您的電子郵件地址',
      body: '歡迎使用 Manabee。\n\n驗證碼：{{code}}\n\n如果這不是您本人操作，請忽略此郵件。',
      action: '驗證電子郵件地址',
      short: 'Manabee 驗證碼：{{code}}',
    },
    password_reset: {
      subject: '重設密碼',
      body: '我們收到了重設密碼的請求。\n\n如果這不是您本人操作，請忽略此郵件，您的密碼不會改變。',
      action: '重設密碼',
      short: 'Manabee：收到重設密碼的請求。',
    },
    safety_alert_critical: {
      subject: '緊急：孩子的對話中有需要您立即關注的內容',
      body: '我們在孩子與 Manabee 的對話中發現了需要您立即關注的內容。\n\n請在應用程式中查看詳情。',
      action: '查看提醒',
      short: 'Manabee：孩子的對話有緊急提醒，請立即查看：{{link}}',
    },
    safety_alert_high: {
      subject: '孩子的對話中有需要您關注的內容',
      body: '我們在孩子與 Manabee 的對話中發現了需要家長查看的內容。\n\n請在應用程式中查看詳情。',
      action: '查看提醒',
      short: 'Manabee：孩子的對話有一則提醒：{{link}}',
    },
    safety_alert_low: {
      subject: '關於孩子對話的通知',
      body: '孩子與 Manabee 的對話中有一些內容我們想告知您。',
      action: '查看提醒',
      short: 'Manabee：有一則關於孩子對話的通知。',
    },
    safety_digest: {
      subject: '今日通知（{{count}} 則）',
      body: '今天有 {{count}} 則關於孩子對話的通知。\n\n您可以在應用程式中一併查看。',
      action: '查看通知',
      short: 'Manabee：今天有 {{count}} 則通知。',
    },
    alert_reminder: {
      subject: '提醒：有一則緊急提醒尚未查看',
      body: '一則緊急提醒尚未被查看。\n\n請在應用程式中查看詳情。',
      action: '查看提醒',
      short: 'Manabee：有一則緊急提醒尚未查看：{{link}}',
    },
    weekly_report_ready: {
      subject: '{{childName}} 的學習週報已完成',
      body: '{{childName}} 上週的學習報告已完成，包含學習時間、科目與親子聊天的小建議。',
      action: '查看報告',
      short: 'Manabee：學習週報已完成。',
    },
    billing_payment_failed: {
      subject: '付款未成功',
      body: '我們無法處理您 {{amount}} 的付款，請檢查您的付款方式。',
      action: '更新付款方式',
      short: 'Manabee：付款未成功。',
    },
    billing_subscription_renewed: {
      subject: '您的 {{plan}} 方案已續訂',
      body: '您的 {{plan}} 方案已續訂，已收取 {{amount}}。感謝您的支持。',
      action: '查看帳單',
      short: 'Manabee：方案已續訂。',
    },
    school_link_request: {
      subject: '{{schoolName}} 請求與您的孩子連結',
      body: '{{schoolName}} 希望與 {{childName}} 連結。在您核准之前，不會向學校分享任何資訊。',
      action: '查看請求',
      short: 'Manabee：有學校請求與您的孩子連結。',
    },
  },
};
