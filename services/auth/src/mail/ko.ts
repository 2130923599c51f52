import type { AccountMailCatalog } from './templates';

const UNITS = { minute: '분', hour: '시간', day: '일' } as const;

export const ko: AccountMailCatalog = {
  duration: (amount, unit) => `${amount}${UNITS[unit]}`,
  signature: 'Manabee 드림',
  mails: {
    emailVerification: {
      subject: '[Manabee] 이메일 주소를 확인해 주세요',
      text: `Manabee에 가입해 주셔서 감사합니다. 아래 링크를 열어 이메일 주소 확인을 완료해 주세요.

{{link}}

링크는 {{validFor}} 동안 유효합니다.

직접 가입하지 않으셨다면 이 메일은 무시하셔도 됩니다. 이메일 주소는 확인되지 않습니다.`,
    },
    emailVerificationResent: {
      subject: '[Manabee] 이메일 주소 확인용 새 링크',
      text: `Manabee 이메일 주소 확인을 위한 새 링크를 보내 드립니다. 아래 링크를 열어 확인을 완료해 주세요.

{{link}}

링크는 {{validFor}} 동안 유효합니다. 이전에 보내 드린 링크는 더 이상 사용할 수 없습니다.

직접 가입하지 않으셨다면 이 메일은 무시하셔도 됩니다.`,
    },
    signUpAttempt: {
      subject: '[Manabee] 회원님의 이메일 주소로 가입 시도가 있었습니다',
      text: `누군가 이 이메일 주소로 Manabee 계정을 새로 만들려고 했습니다. 이 주소에는 이미 계정이 있으므로 새 계정은 만들어지지 않았습니다.

본인이 시도하셨다면 아래에서 로그인하거나 비밀번호를 재설정해 주세요.

{{link}}

본인이 아니라면 따로 하실 일은 없습니다. 계정에는 아무런 변경이 없습니다.`,
    },
    accountLocked: {
      subject: '[Manabee] 계정 로그인이 일시적으로 제한되었습니다',
      text: `비밀번호가 여러 번 틀려 계정 로그인을 일시적으로 제한했습니다. 잠시 후 자동으로 해제됩니다.

본인이 시도하셨다면 아래 링크로 지금 바로 해제하실 수 있습니다.

{{link}}

링크는 {{validFor}} 동안 유효합니다.

본인이 아니라면 누군가 비밀번호를 추측하려 했을 수 있습니다. 비밀번호를 변경하시기를 권장합니다.`,
    },
    passwordReset: {
      subject: '[Manabee] 비밀번호 재설정 안내',
      text: `Manabee 비밀번호 재설정 요청을 받았습니다. 아래 링크에서 새 비밀번호를 설정해 주세요.

{{link}}

링크는 {{validFor}} 동안 유효합니다.

요청하신 적이 없다면 이 메일은 무시하셔도 됩니다. 비밀번호는 변경되지 않습니다.`,
    },
    teacherInvitation: {
      subject: '[Manabee] {{organization}}에서 초대가 도착했습니다',
      text: `{{organization}}에서 회원님을 Manabee에 교사로 초대했습니다. 아래 링크에서 초대를 수락해 주세요.

{{link}}

링크는 {{validFor}} 동안 유효합니다.

예상하지 못한 초대라면 이 메일은 무시하셔도 됩니다.`,
    },
    classroomLinkRequest: {
      subject: '[Manabee] 선생님이 자녀의 학급 연결을 요청했습니다',
      text: `Manabee에서 한 선생님이 자녀를 "{{classroom}}" 학급에 추가하도록 요청했습니다. 가족 설정에서 요청 내용을 확인해 주세요.

{{link}}

승인하시기 전에는 자녀의 정보가 학급에 공유되지 않습니다. 모르는 요청이라면 거절해 주세요.`,
    },
  },
};
