/**
 * APIs of services that are still being built (safety alerts, notification
 * preferences, plans). Each call answers `null` when the server's schema does
 * not have the field yet, so the page can show an honest empty state instead
 * of invented data.
 */
import { type GraphQLClient, GraphQLRequestError, type Variables } from './client';

export type Optional<T> = { available: true; value: T } | { available: false };

export async function optional<T>(
  client: GraphQLClient,
  query: string,
  variables?: Variables,
): Promise<Optional<T>> {
  try {
    return { available: true, value: await client.request<T>(query, variables) };
  } catch (error) {
    if (error instanceof GraphQLRequestError && error.isMissingField) return { available: false };
    throw error;
  }
}

/** services/safety/src/api/schema.ts: lists carry no text; the detail adds the flagged text and a short context. */
export interface SafetyAlert {
  id: string;
  childId: string;
  conversationId: string | null;
  category: string;
  categories: string[];
  severity: 'low' | 'medium' | 'high' | 'critical' | string;
  raisedAt: string;
  acknowledgedAt: string | null;
}

export interface AlertContextTurn {
  role: string;
  text: string;
}

export interface SafetyAlertDetail extends SafetyAlert {
  flaggedText: string | null;
  context: AlertContextTurn[] | null;
}

const ALERT = 'id childId conversationId category categories severity raisedAt acknowledgedAt';

export const CHANNELS = ['in_app', 'email', 'sms', 'push'] as const;
export const CATEGORIES = ['account', 'safety', 'reports', 'billing', 'school', 'news'] as const;

export interface NotificationPreference {
  category: string;
  channel: string;
  enabled: boolean;
}

/** services/notification: a device that receives push; the endpoint and keys stay on the server. */
export interface PushDevice {
  id: string;
  kind: 'webpush' | 'fcm' | string;
  createdAt: string;
}

/** A browser's PushSubscription as the server stores it; keys are base64url. */
export interface WebPushRegistration {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface Plan {
  id: string;
  name: string;
  priceMinor: number;
  currency: string;
  interval: string;
  features: string[];
}

export const alertsApi = (client: GraphQLClient) => ({
  list: async (): Promise<Optional<SafetyAlert[]>> => {
    const result = await optional<{ safetyAlerts: SafetyAlert[] }>(
      client,
      `query Alerts { safetyAlerts { ${ALERT} } }`,
    );
    return result.available ? { available: true, value: result.value.safetyAlerts } : result;
  },
  detail: async (id: string): Promise<Optional<SafetyAlertDetail>> => {
    const result = await optional<{ safetyAlert: SafetyAlertDetail }>(
      client,
      `query Alert($id: ID!) { safetyAlert(id: $id) { ${ALERT} flaggedText context { role text } } }`,
      { id },
    );
    return result.available ? { available: true, value: result.value.safetyAlert } : result;
  },
  acknowledge: async (id: string) =>
    client.request<{ acknowledgeSafetyAlert: { id: string; acknowledgedAt: string | null } }>(
      'mutation Ack($id: ID!) { acknowledgeSafetyAlert(id: $id) { id acknowledgedAt } }',
      { id },
    ),
});

export type AlertsApi = ReturnType<typeof alertsApi>;

export const notificationsApi = (client: GraphQLClient) => ({
  preferences: async (): Promise<Optional<NotificationPreference[]>> => {
    const result = await optional<{ notificationPreferences: NotificationPreference[] }>(
      client,
      'query Prefs { notificationPreferences { category channel enabled } }',
    );
    return result.available ? { available: true, value: result.value.notificationPreferences } : result;
  },
  set: async (preference: NotificationPreference) =>
    client.request<{ setNotificationPreference: NotificationPreference[] }>(
      'mutation SetPref($category: String!, $channel: String!, $enabled: Boolean!) { setNotificationPreference(category: $category, channel: $channel, enabled: $enabled) { category channel enabled } }',
      { ...preference },
    ),
  /** The server's VAPID public key (base64url); null when Web Push is not configured there. */
  webPushKey: async (): Promise<Optional<string | null>> => {
    const result = await optional<{ webPushPublicKey: string | null }>(
      client,
      'query WebPushKey { webPushPublicKey }',
    );
    return result.available ? { available: true, value: result.value.webPushPublicKey } : result;
  },
  pushDevices: async (): Promise<PushDevice[]> =>
    (
      await client.request<{ pushSubscriptions: PushDevice[] }>(
        'query PushDevices { pushSubscriptions { id kind createdAt } }',
      )
    ).pushSubscriptions,
  registerWebPush: async (subscription: WebPushRegistration): Promise<string> =>
    (
      await client.request<{ registerWebPushSubscription: string }>(
        'mutation RegisterWebPush($endpoint: String!, $p256dh: String!, $auth: String!) { registerWebPushSubscription(endpoint: $endpoint, p256dh: $p256dh, auth: $auth) }',
        { ...subscription },
      )
    ).registerWebPushSubscription,
  removePush: async (id: string): Promise<boolean> =>
    (
      await client.request<{ removePushSubscription: boolean }>(
        'mutation RemovePush($id: ID!) { removePushSubscription(id: $id) }',
        { id },
      )
    ).removePushSubscription,
});

export const plansApi = (client: GraphQLClient) => ({
  list: async (): Promise<Optional<Plan[]>> => {
    const result = await optional<{ plans: Plan[] }>(
      client,
      'query Plans { plans { id name priceMinor currency interval features } }',
    );
    return result.available ? { available: true, value: result.value.plans } : result;
  },
});
