import { useMemo } from 'react';
import { authApi } from './auth';
import { chatApi } from './chat';
import { useClient } from './context';
import { familyDataApi } from './family-data';
import { alertsApi, notificationsApi, plansApi } from './optional';
import { reportsApi } from './reports';

export function useApis() {
  const client = useClient();
  return useMemo(
    () => ({
      client,
      auth: authApi(client),
      chat: chatApi(client),
      alerts: alertsApi(client),
      notifications: notificationsApi(client),
      plans: plansApi(client),
      familyData: familyDataApi(client),
      reports: reportsApi(client),
    }),
    [client],
  );
}
