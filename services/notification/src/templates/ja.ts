import type { LocaleTemplates } from './types';

export const ja: LocaleTemplates = {
  footer: { sentBy: 'このメールは Manabee から送信されました。', unsubscribe: '配信を停止する' },
  messages: {
    account_verification: {
      subject: 'メールアドレスの確認',
      body: 'Manabee へようこそ。\n\n確認コード: {{code}}\n\nお心当たりがない場合は、このメールを破棄してください。',
      action: 'メールアドレスを確認する',
      short: 'Manabee の確認コード: {{code}}',
    },
    password_reset: {
      subject: 'パスワードの再設定',
      body: 'パスワード再設定のリクエストを受け付けました。\n\nお心当たりがない場合は、このメールを破棄してください。パスワードは変更されません。',
      action: 'パスワードを再設定する',
      short: 'Manabee: パスワード再設定のリクエストがありました。',
    },
    safety_alert_critical: {
      subject: '【至急】お子さまの会話で確認が必要なことがあります',
      body: 'お子さまと Manabee の会話で、すぐに確認していただきたい内容が見つかりました。\n\nアプリで詳細をご確認ください。',
      action: 'アラートを確認する',
      short: 'Manabee: 至急ご確認ください。お子さまの会話でアラートがあります。{{link}}',
    },
    safety_alert_high: {
      subject: 'お子さまの会話で確認が必要なことがあります',
      body: 'お子さまと Manabee の会話で、保護者の方に確認していただきたい内容がありました。\n\nアプリで詳細をご確認ください。',
      action: 'アラートを確認する',
      short: 'Manabee: お子さまの会話でアラートがあります。{{link}}',
    },
    safety_alert_low: {
      subject: 'お子さまの会話についてのお知らせ',
      body: 'お子さまと Manabee の会話で、念のためお知らせしたい内容がありました。',
      action: 'アラートを見る',
      short: 'Manabee: お子さまの会話についてお知らせがあります。',
    },
    safety_digest: {
      subject: '本日のお知らせ（{{count}} 件）',
      body: '本日、お子さまの会話について {{count}} 件のお知らせがありました。\n\nアプリでまとめてご確認いただけます。',
      action: 'お知らせを見る',
      short: 'Manabee: 本日のお知らせが {{count}} 件あります。',
    },
    alert_reminder: {
      subject: '【再通知】未確認のアラートがあります',
      body: '至急のアラートがまだ確認されていません。\n\nアプリで詳細をご確認ください。',
      action: 'アラートを確認する',
      short: 'Manabee: 未確認の至急アラートがあります。{{link}}',
    },
    weekly_report_ready: {
      subject: '{{childName}} さんの週間レポートができました',
      body: '{{childName}} さんの先週の学習レポートができました。学んだ時間や教科、声をかけるヒントをご覧ください。',
      action: 'レポートを見る',
      short: 'Manabee: 週間レポートができました。',
    },
    billing_payment_failed: {
      subject: 'お支払いができませんでした',
      body: '{{amount}} のお支払いを処理できませんでした。お支払い方法をご確認ください。',
      action: 'お支払い方法を更新する',
      short: 'Manabee: お支払いができませんでした。',
    },
    billing_subscription_renewed: {
      subject: '{{plan}} プランを更新しました',
      body: '{{plan}} プランを更新し、{{amount}} をお支払いいただきました。ありがとうございます。',
      action: '請求書を見る',
      short: 'Manabee: プランを更新しました。',
    },
    school_link_request: {
      subject: '{{schoolName}} から連携のリクエストが届きました',
      body: '{{schoolName}} が {{childName}} さんとの連携を希望しています。承認するまで、学校には何も共有されません。',
      action: 'リクエストを確認する',
      short: 'Manabee: 学校から連携のリクエストが届きました。',
    },
  },
};
