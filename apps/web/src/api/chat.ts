/** Typed operations of the chat service (services/chat/src/api/graphql.ts). */
import type { GraphQLClient, GraphQLRequestError } from './client';

export interface CrisisLine {
  country: string;
  name: string;
  phone: string;
  hours: string;
}

export interface SendResult {
  accepted: boolean;
  conversationId: string | null;
  messageId: string | null;
  replyId: string | null;
  subject: string | null;
  subjectChanged: boolean;
  safety: { action: string; severity: string; categories: string[] } | null;
  crisisLines: CrisisLine[];
  refusalReason: string | null;
  refusalMessage: string | null;
  retryAt: string | null;
}

export interface ReplyEvent {
  replyId: string;
  index: number;
  text: string;
  done: boolean;
  outcome: string | null;
  notice: string | null;
}

export interface Conversation {
  id: string;
  childId: string;
  title: string;
  subject: string;
  messageCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface ChatMessage {
  id: string;
  conversationId: string;
  role: string;
  text: string;
  subject: string;
  createdAt: string;
  safetyAction: string;
  safetyCategories: string[];
  outcome: string | null;
}

const MESSAGE = 'id conversationId role text subject createdAt safetyAction safetyCategories outcome';

export interface ReplySink {
  event(event: ReplyEvent): void;
  error(error: GraphQLRequestError): void;
  complete(): void;
}

export const chatApi = (client: GraphQLClient) => ({
  send: async (input: { conversationId: string | null; text: string; subject: string | null }) =>
    (
      await client.request<{ sendMessage: SendResult }>(
        `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) {
          accepted conversationId messageId replyId subject subjectChanged
          safety { action severity categories } crisisLines { country name phone hours }
          refusalReason refusalMessage retryAt } }`,
        { input },
      )
    ).sendMessage,
  stop: async (replyId: string) =>
    client.request<{ stopReply: boolean }>('mutation Stop($replyId: ID!) { stopReply(replyId: $replyId) }', {
      replyId,
    }),
  /** Streams a reply from `after` (the next index wanted); returns unsubscribe. */
  stream: (replyId: string, after: number, sink: ReplySink) =>
    client.subscribe<{ replyStream: ReplyEvent }>(
      'subscription Reply($replyId: ID!, $after: Int) { replyStream(replyId: $replyId, after: $after) { replyId index text done outcome notice } }',
      { replyId, after },
      { next: (data) => sink.event(data.replyStream), error: sink.error, complete: sink.complete },
    ),
  conversations: async (childId: string) =>
    (
      await client.request<{ conversations: { items: Conversation[]; nextCursor: string | null } }>(
        'query Conversations($childId: ID!) { conversations(childId: $childId, first: 50) { items { id childId title subject messageCount createdAt updatedAt } nextCursor } }',
        { childId },
      )
    ).conversations,
  messages: async (conversationId: string) =>
    (
      await client.request<{ messages: { items: ChatMessage[]; previousCursor: string | null } }>(
        `query Messages($conversationId: ID!) { messages(conversationId: $conversationId, last: 100) { items { ${MESSAGE} } previousCursor } }`,
        { conversationId },
      )
    ).messages,
  search: async (childId: string, query: string) =>
    (
      await client.request<{ searchConversations: ChatMessage[] }>(
        `query Search($childId: ID!, $query: String!) { searchConversations(childId: $childId, query: $query) { ${MESSAGE} } }`,
        { childId, query },
      )
    ).searchConversations,
  deleteConversation: async (id: string) =>
    client.request<{ deleteConversation: boolean }>(
      'mutation Delete($id: ID!) { deleteConversation(id: $id) }',
      { id },
    ),
});

export type ChatApi = ReturnType<typeof chatApi>;
