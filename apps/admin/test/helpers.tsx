import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { GraphQLClient, Variables } from '../src/api/client';
import { Providers } from '../src/app';
import { createI18n } from '../src/i18n/index';
import { en } from '../src/i18n/locales/en';

type Handler = (variables: Variables) => unknown;

export interface FakeClient extends GraphQLClient {
  calls: Array<{ field: string; variables: Variables }>;
  callsOf(field: string): Variables[];
}

/** Answers by the operation's first field, e.g. `{ reviewQueue: () => ({...}) }`; a handler may throw. */
export function fakeClient(handlers: Record<string, Handler>): FakeClient {
  const calls: FakeClient['calls'] = [];
  const fieldOf = (query: string) => /\s*([A-Za-z_]\w*)/.exec(query.slice(query.indexOf('{') + 1))?.[1] ?? '';
  return {
    calls,
    callsOf: (field) => calls.filter((call) => call.field === field).map((call) => call.variables),
    async request<T>(query: string, variables: Variables = {}): Promise<T> {
      const field = fieldOf(query);
      calls.push({ field, variables });
      const handler = handlers[field];
      if (!handler) throw new Error(`fake client: no handler for ${field}`);
      return { [field]: await handler(variables) } as T;
    },
  };
}

/** `route` renders `ui` at a path with parameters, e.g. `{ path: '/users/accounts/:id', at: '/users/accounts/usr_1' }`. */
export async function renderWith(
  ui: ReactElement,
  client: GraphQLClient,
  language: 'ja' | 'en' = 'en',
  route?: { path: string; at: string },
) {
  const i18n = await createI18n(language, { en });
  return render(
    <Providers client={client} i18n={i18n}>
      {route ? (
        <MemoryRouter initialEntries={[route.at]}>
          <Routes>
            <Route path={route.path} element={ui} />
          </Routes>
        </MemoryRouter>
      ) : (
        <MemoryRouter>{ui}</MemoryRouter>
      )}
    </Providers>,
  );
}
