import type { LocaleTemplates } from './types';

export const ko: LocaleTemplates = {
  footer: { sentBy: '이 메일은 Manabee에서 보냈습니다.', unsubscribe: '수신 거부' },
  messages: {
    account_verification: {
      subject: '이메일 주소를 확인해 주세요',
      body: 'Manabee에 오신 것을 환영합니다.\n\n확인 코드: {{code}}\n\n본인이 요청하지 않았다면 이 메일을 무시하셔도 됩니다.',
      action: '이메일 주소 확인',
      short: 'Manabee 확인 코드: {{code}}',
    },
    password_reset: {
      subject: '비밀번호 재설정',
      body: '비밀번호 재설정 요청을 받았습니다.\n\n본인이 요청하지 않았다면 이 메일을 무시하세요. 비밀번호는 바뀌지 않습니다.',
      action: '비밀번호 재설정',
      short: 'Manabee: 비밀번호 재설정 요청이 있었습니다.',
    },
    safety_alert_critical: {
      subject: '긴급: 자녀의 대화에 바로 확인이 필요한 내용이 있습니다',
      body: '자녀와 Manabee의 대화에서 지금 바로 확인이 필요한 내용을 발견했습니다.\n\n앱에서 자세히 확인해 주세요.',
      action: '알림 확인',
      short: 'Manabee: 자녀의 대화에 긴급 알림이 있습니다. 지금 확인해 주세요: {{link}}',
    },
    safety_alert_high: {
      subject: '자녀의 대화에 확인이 필요한 내용이 있습니다',
      body: '자녀와 Manabee의 대화에서 보호자가 확인해야 할 내용을 발견했습니다.\n\n앱에서 자세히 확인해 주세요.',
      action: '알림 확인',
      short: 'Manabee: 자녀의 대화에 알림이 있습니다: {{link}}',
    },
    safety_alert_low: {
      subject: '자녀의 대화에 관한 안내',
      body: '자녀와 Manabee의 대화에서 알려 드리고 싶은 내용이 있었습니다.',
      action: '알림 보기',
      short: 'Manabee: 자녀의 대화에 관한 안내가 있습니다.',
    },
    safety_digest: {
      subject: '오늘의 안내 ({{count}}건)',
      body: '오늘 자녀의 대화에 관한 안내가 {{count}}건 있었습니다.\n\n앱에서 한 번에 확인할 수 있습니다.',
      action: '안내 보기',
      short: 'Manabee: 오늘의 안내가 {{count}}건 있습니다.',
    },
    alert_reminder: {
      subject: '다시 알림: 확인하지 않은 긴급 알림이 있습니다',
      body: '긴급 알림이 아직 확인되지 않았습니다.\n\n앱에서 자세히 확인해 주세요.',
      action: '알림 확인',
      short: 'Manabee: 확인하지 않은 긴급 알림이 있습니다: {{link}}',
    },
    weekly_report_ready: {
      subject: '{{childName}}의 주간 리포트가 준비되었습니다',
      body: '{{childName}}의 지난주 학습 리포트가 준비되었습니다. 공부한 시간과 과목, 대화 아이디어를 확인해 보세요.',
      action: '리포트 보기',
      short: 'Manabee: 주간 리포트가 준비되었습니다.',
    },
    billing_payment_failed: {
      subject: '결제가 처리되지 않았습니다',
      body: '{{amount}} 결제를 처리하지 못했습니다. 결제 수단을 확인해 주세요.',
      action: '결제 수단 업데이트',
      short: 'Manabee: 결제가 처리되지 않았습니다.',
    },
    billing_subscription_renewed: {
      subject: '{{plan}} 요금제가 갱신되었습니다',
      body: '{{plan}} 요금제가 갱신되어 {{amount}}이(가) 결제되었습니다. 감사합니다.',
      action: '청구서 보기',
      short: 'Manabee: 요금제가 갱신되었습니다.',
    },
    school_link_request: {
      subject: '{{schoolName}}에서 연결을 요청했습니다',
      body: '{{schoolName}}에서 {{childName}}와(과)의 연결을 요청했습니다. 승인하기 전에는 학교에 아무것도 공유되지 않습니다.',
      action: '요청 확인',
      short: 'Manabee: 학교에서 자녀와의 연결을 요청했습니다.',
    },
  },
};
