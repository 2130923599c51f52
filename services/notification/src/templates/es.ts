import type { LocaleTemplates } from './types';

export const es: LocaleTemplates = {
  footer: { sentBy: 'Este correo lo envió Manabee.', unsubscribe: 'Darse de baja' },
  messages: {
    account_verification: {
      subject: 'Confirma tu dirección de correo',
      body: 'Te damos la bienvenida a Manabee.\n\nTu código: {{code}}\n\nSi no fuiste tú, puedes ignorar este correo.',
      action: 'Confirmar correo',
      short: 'Tu código de Manabee: {{code}}',
    },
    password_reset: {
      subject: 'Restablece tu contraseña',
      body: 'Recibimos una solicitud para restablecer tu contraseña.\n\nSi no fuiste tú, ignora este correo; tu contraseña no cambia.',
      action: 'Restablecer contraseña',
      short: 'Manabee: se solicitó restablecer la contraseña.',
    },
    safety_alert_critical: {
      subject: 'Urgente: algo en la conversación de tu hijo o hija necesita tu atención',
      body: 'Encontramos algo en la conversación de tu hijo o hija con Manabee que necesita tu atención ahora.\n\nAbre la aplicación para ver los detalles.',
      action: 'Revisar la alerta',
      short: 'Manabee: alerta urgente sobre la conversación de tu hijo o hija. Revísala ya: {{link}}',
    },
    safety_alert_high: {
      subject: 'Algo en la conversación de tu hijo o hija necesita tu atención',
      body: 'Encontramos algo en la conversación de tu hijo o hija con Manabee que conviene que revises.\n\nAbre la aplicación para ver los detalles.',
      action: 'Revisar la alerta',
      short: 'Manabee: una alerta sobre la conversación de tu hijo o hija: {{link}}',
    },
    safety_alert_low: {
      subject: 'Un aviso sobre la conversación de tu hijo o hija',
      body: 'Hubo algo en la conversación de tu hijo o hija con Manabee que queremos que sepas.',
      action: 'Ver la alerta',
      short: 'Manabee: un aviso sobre la conversación de tu hijo o hija.',
    },
    safety_digest: {
      subject: 'Avisos de hoy ({{count}})',
      body: 'Hoy hubo {{count}} avisos sobre las conversaciones de tu hijo o hija.\n\nPuedes revisarlos juntos en la aplicación.',
      action: 'Ver los avisos',
      short: 'Manabee: {{count}} avisos hoy.',
    },
    alert_reminder: {
      subject: 'Recordatorio: una alerta urgente sigue sin revisar',
      body: 'Una alerta urgente aún no se ha revisado.\n\nAbre la aplicación para ver los detalles.',
      action: 'Revisar la alerta',
      short: 'Manabee: una alerta urgente sigue sin revisar: {{link}}',
    },
    weekly_report_ready: {
      subject: 'El informe semanal de {{childName}} está listo',
      body: 'El informe de aprendizaje de la semana pasada de {{childName}} está listo: tiempo, asignaturas e ideas para conversar juntos.',
      action: 'Ver el informe',
      short: 'Manabee: el informe semanal está listo.',
    },
    billing_payment_failed: {
      subject: 'No se pudo procesar tu pago',
      body: 'No pudimos procesar tu pago de {{amount}}. Revisa tu método de pago.',
      action: 'Actualizar método de pago',
      short: 'Manabee: no se pudo procesar tu pago.',
    },
    billing_subscription_renewed: {
      subject: 'Tu plan {{plan}} se renovó',
      body: 'Tu plan {{plan}} se renovó y se cobraron {{amount}}. Gracias.',
      action: 'Ver la factura',
      short: 'Manabee: tu plan se renovó.',
    },
    school_link_request: {
      subject: '{{schoolName}} pidió vincularse con tu hijo o hija',
      body: '{{schoolName}} quiere vincularse con {{childName}}. No se comparte nada con la escuela hasta que lo apruebes.',
      action: 'Revisar la solicitud',
      short: 'Manabee: una escuela pidió vincularse con tu hijo o hija.',
    },
  },
};
