import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import type { GraphQLClient, SubscriptionSink, Variables } from '../src/api/client';
import { Providers } from '../src/app';
import { createI18n } from '../src/i18n/index';
import { en } from '../src/i18n/locales/en';

type Handler = (variables: Variables) => unknown;

export interface FakeClient extends GraphQLClient {
  calls: Array<{ query: string; variables: Variables }>;
  /** The sinks of open subscriptions, to push reply events from the test. */
  sinks: Array<{ variables: Variables; sink: SubscriptionSink<unknown>; closed: boolean }>;
}

/**
 * A GraphQL client that answers by the first field of the operation, e.g.
 * `{ sendMessage: (vars) => ({...}) }`. A handler may throw to fail the call.
 */
export function fakeClient(handlers: Record<string, Handler>): FakeClient {
  const calls: FakeClient['calls'] = [];
  const sinks: FakeClient['sinks'] = [];
  const fieldOf = (query: string) => {
    const body = query.slice(query.indexOf('{') + 1);
    return /\s*([A-Za-z_]\w*)/.exec(body)?.[1] ?? '';
  };
  return {
    calls,
    sinks,
    async request<T>(query: string, variables: Variables = {}): Promise<T> {
      calls.push({ query, variables });
      const field = fieldOf(query);
      const handler = handlers[field];
      if (!handler) throw new Error(`fake client: no handler for ${field}`);
      return { [field]: await handler(variables) } as T;
    },
    subscribe<T>(query: string, variables: Variables, sink: SubscriptionSink<T>) {
      calls.push({ query, variables });
      const entry = { variables, sink: sink as SubscriptionSink<unknown>, closed: false };
      sinks.push(entry);
      return () => {
        entry.closed = true;
      };
    },
    reset() {},
  };
}

export async function renderWith(ui: ReactElement, client: GraphQLClient, language: 'ja' | 'en' = 'ja') {
  const i18n = await createI18n(language, { en });
  return render(
    <Providers client={client} i18n={i18n}>
      <MemoryRouter>{ui}</MemoryRouter>
    </Providers>,
  );
}
