import type { AccountMailCatalog } from './templates';

const UNITS = {
  minute: ['minuto', 'minutos'],
  hour: ['hora', 'horas'],
  day: ['día', 'días'],
} as const;

export const es: AccountMailCatalog = {
  duration: (amount, unit) => `${amount} ${UNITS[unit][amount === 1 ? 0 : 1]}`,
  signature: 'El equipo de Manabee',
  mails: {
    emailVerification: {
      subject: 'Confirme su correo electrónico para Manabee',
      text: `Le damos la bienvenida a Manabee. Confirme su dirección de correo electrónico con este enlace:

{{link}}

El enlace es válido durante {{validFor}}.

Si usted no se ha registrado en Manabee, puede ignorar este mensaje; la dirección no quedará confirmada.`,
    },
    emailVerificationResent: {
      subject: 'Nuevo enlace para confirmar su correo electrónico en Manabee',
      text: `Le enviamos un nuevo enlace para confirmar su dirección de correo electrónico en Manabee:

{{link}}

El enlace es válido durante {{validFor}}. Los enlaces enviados anteriormente ya no funcionan.

Si usted no se ha registrado en Manabee, puede ignorar este mensaje.`,
    },
    signUpAttempt: {
      subject: 'Alguien intentó registrarse en Manabee con su correo electrónico',
      text: `Alguien intentó crear una cuenta de Manabee con esta dirección de correo electrónico, que ya tiene una. No se ha creado ninguna cuenta nueva.

Si fue usted, puede iniciar sesión o restablecer su contraseña aquí:

{{link}}

Si no fue usted, no necesita hacer nada; su cuenta no ha cambiado.`,
    },
    accountLocked: {
      subject: 'Hemos bloqueado temporalmente su cuenta de Manabee',
      text: `Tras varios intentos con una contraseña incorrecta, hemos bloqueado temporalmente el inicio de sesión en su cuenta. Se desbloqueará sola en poco tiempo.

Si fue usted, puede desbloquearla ahora con este enlace:

{{link}}

El enlace es válido durante {{validFor}}.

Si no fue usted, es posible que alguien esté intentando adivinar su contraseña. Le recomendamos cambiarla.`,
    },
    passwordReset: {
      subject: 'Restablezca su contraseña de Manabee',
      text: `Hemos recibido una solicitud para restablecer su contraseña de Manabee. Elija una contraseña nueva con este enlace:

{{link}}

El enlace es válido durante {{validFor}}.

Si usted no lo solicitó, puede ignorar este mensaje; su contraseña no cambiará.`,
    },
    teacherInvitation: {
      subject: 'Invitación para unirse a {{organization}} en Manabee',
      text: `Le han invitado a unirse a {{organization}} en Manabee como docente. Acepte la invitación con este enlace:

{{link}}

El enlace es válido durante {{validFor}}.

Si no esperaba esta invitación, puede ignorar este mensaje.`,
    },
    classroomLinkRequest: {
      subject: 'Un docente solicita vincular a su hijo o hija en Manabee',
      text: `Un docente de Manabee ha pedido añadir a su hijo o hija a la clase «{{classroom}}». Revise la solicitud en la configuración de su familia:

{{link}}

No se comparte nada sobre su hijo o hija con la clase hasta que usted lo apruebe. Si no reconoce esta solicitud, rechácela.`,
    },
  },
};
