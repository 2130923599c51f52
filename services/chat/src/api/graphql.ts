import { AppError, type GraphQLContribution, type RequestContext } from '@manabee/kernel';
import type { createChat } from '../chat';
import type { ReplyEvent } from '../domain/reply-run';
import type { createHistory, MessageView } from '../history';

export const typeDefs = /* GraphQL */ `
  type Conversation {
    id: ID!
    childId: ID!
    title: String!
    subject: String!
    messageCount: Int!
    createdAt: String!
    updatedAt: String!
  }

  type ConversationPage {
    items: [Conversation!]!
    nextCursor: String
  }

  type ChatMessage {
    id: ID!
    conversationId: ID!
    role: String!
    text: String!
    subject: String!
    createdAt: String!
    safetyAction: String!
    safetyCategories: [String!]!
    outcome: String
  }

  type MessagePage {
    items: [ChatMessage!]!
    "Pass as 'before' for older messages; null at the beginning."
    previousCursor: String
  }

  type CrisisLine {
    country: String!
    name: String!
    phone: String!
    hours: String!
  }

  type MessageSafety {
    action: String!
    severity: String!
    categories: [String!]!
  }

  "The result of sending: either accepted (subscribe to replyStream) or a kind refusal."
  type SendResult {
    accepted: Boolean!
    conversationId: ID
    messageId: ID
    replyId: ID
    subject: String
    subjectChanged: Boolean!
    safety: MessageSafety
    crisisLines: [CrisisLine!]!
    refusalReason: String
    refusalMessage: String
    retryAt: String
  }

  input SendMessageInput {
    conversationId: ID
    text: String!
    subject: String
  }

  "One piece of a streamed reply; 'index' lets a reconnecting client resume with 'after'."
  type ReplyEvent {
    replyId: ID!
    index: Int!
    text: String!
    done: Boolean!
    outcome: String
    notice: String
  }

  extend type Query {
    conversations(childId: ID!, first: Int = 20, after: String): ConversationPage!
    conversation(id: ID!): Conversation!
    messages(conversationId: ID!, last: Int = 50, before: String): MessagePage!
    searchConversations(childId: ID!, query: String!): [ChatMessage!]!
  }

  extend type Mutation {
    sendMessage(input: SendMessageInput!): SendResult!
    stopReply(replyId: ID!): Boolean!
    "The child leaves the conversation; true the first time."
    endConversation(id: ID!): Boolean!
    deleteConversation(id: ID!): Boolean!
  }

  extend type Subscription {
    replyStream(replyId: ID!, after: Int = 0): ReplyEvent!
  }
`;

type Chat = ReturnType<typeof createChat>;
type History = ReturnType<typeof createHistory>;

const iso = (date: Date) => date.toISOString();
const messageOut = (m: MessageView) => ({ ...m, createdAt: iso(m.createdAt) });

export function graphqlContribution(chat: Chat, history: History): GraphQLContribution {
  return {
    typeDefs,
    resolvers: {
      Query: {
        conversations: async (
          _: unknown,
          args: { childId: string; first: number; after?: string | null },
          ctx: RequestContext,
        ) => {
          const page = await history.conversations(ctx.principal, args.childId, {
            first: args.first,
            after: args.after ?? undefined,
          });
          return {
            items: page.items.map((c) => ({
              ...c,
              createdAt: iso(c.createdAt),
              updatedAt: iso(c.updatedAt),
            })),
            nextCursor: page.nextCursor,
          };
        },
        conversation: async (_: unknown, args: { id: string }, ctx: RequestContext) => {
          const c = await history.conversation(ctx.principal, args.id);
          return { ...c, createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt) };
        },
        messages: async (
          _: unknown,
          args: { conversationId: string; last: number; before?: string | null },
          ctx: RequestContext,
        ) => {
          const page = await history.messages(ctx.principal, args.conversationId, {
            last: args.last,
            before: args.before ?? undefined,
          });
          return { items: page.items.map(messageOut), previousCursor: page.previousCursor };
        },
        searchConversations: async (
          _: unknown,
          args: { childId: string; query: string },
          ctx: RequestContext,
        ) => (await history.search(ctx.principal, args.childId, args.query)).map(messageOut),
      },
      Mutation: {
        sendMessage: async (
          _: unknown,
          args: { input: { conversationId?: string | null; text: string; subject?: string | null } },
          ctx: RequestContext,
        ) => {
          const outcome = await chat.send(ctx.principal, {
            conversationId: args.input.conversationId ?? undefined,
            text: args.input.text,
            subject: args.input.subject ?? undefined,
          });
          if (outcome.status === 'refused') {
            return {
              accepted: false,
              subjectChanged: false,
              crisisLines: [],
              refusalReason: outcome.reason,
              refusalMessage: outcome.message,
              retryAt: outcome.retryAt ? iso(outcome.retryAt) : null,
            };
          }
          return { accepted: true, ...outcome };
        },
        stopReply: async (_: unknown, args: { replyId: string }, ctx: RequestContext) => {
          const run = chat.replies.get(args.replyId);
          if (!run || ctx.principal?.role !== 'child' || ctx.principal.childId !== run.childId) {
            throw new AppError('NOT_FOUND', { detail: 'Reply was not found' });
          }
          run.stop();
          return true;
        },
        endConversation: async (_: unknown, args: { id: string }, ctx: RequestContext) =>
          history.end(ctx.principal, args.id),
        deleteConversation: async (_: unknown, args: { id: string }, ctx: RequestContext) =>
          history.delete(ctx.principal, args.id),
      },
      Subscription: {
        replyStream: {
          subscribe: async (_: unknown, args: { replyId: string; after: number }, ctx: RequestContext) => {
            const run = chat.replies.get(args.replyId);
            if (!run || ctx.principal?.role !== 'child' || ctx.principal.childId !== run.childId) {
              throw new AppError('NOT_FOUND', { detail: 'Reply was not found' });
            }
            return toSubscription(run.id, run.read(Math.max(0, args.after ?? 0)));
          },
          resolve: (payload: { replyStream: unknown }) => payload.replyStream,
        },
      },
    },
  };
}

async function* toSubscription(replyId: string, events: AsyncGenerator<ReplyEvent>) {
  for await (const event of events) {
    yield {
      replyStream:
        event.kind === 'chunk'
          ? { replyId, index: event.index, text: event.text, done: false, outcome: null, notice: null }
          : {
              replyId,
              index: event.index,
              text: '',
              done: true,
              outcome: event.outcome,
              notice: event.notice ?? null,
            },
    };
  }
}
