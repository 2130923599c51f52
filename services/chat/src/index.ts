import { type ServiceDefinition, systemClock } from '@manabee/kernel';
import { createActivity } from './activity';
import { graphqlContribution } from './api/graphql';
import { type ChatDeps, createChat } from './chat';
import { createFamilyData } from './family-data';
import { createHistory, createMessageReader } from './history';

export type { ActivityRange, ChildActivity } from './activity';
export { type ChatAction, type ChatDeps, cleanMessage, MAX_MESSAGE_CHARS, type SendOutcome } from './chat';
export { localDay, planQuotas, quotaFor } from './domain/quota';
export { refusalMessage } from './domain/refusals';
export { MAX_REPLY_CHARS, type ReplyEvent, ReplyRun } from './domain/reply-run';
export type { ChatFamilyExport, ExportedConversation, ExportedMessage, FamilyScope } from './family-data';
export type { ChildMessageForReview } from './history';
export type * from './ports';

export type ChatService = ReturnType<typeof createChatService>;

/**
 * Tutor conversations: a child's message passes access, quota and safety,
 * is stored sealed, and the reply streams through the safety guard to the
 * child over a GraphQL subscription.
 */
export function createChatService(deps: ChatDeps) {
  const chat = createChat(deps);
  const history = createHistory({
    publish: deps.publish,
    now: () => (deps.clock ?? systemClock).now(),
    database: deps.database,
    keyring: deps.keyring,
    profileOf: chat.profileOf,
    authorize: deps.authorize,
  });
  const familyData = createFamilyData({ database: deps.database, keyring: deps.keyring });
  const activity = createActivity(deps.database);
  return {
    send: chat.send,
    replies: chat.replies,
    history,
    /** A child's message, unsealed, for a safety reviewer's missed-message report (null if none or not a child's). */
    childMessage: createMessageReader({
      database: deps.database,
      keyring: deps.keyring,
      profileOf: chat.profileOf,
    }),
    /** Deletes the family's chat rows in the caller's transaction (on `auth.family.deleted`); counts per table. */
    eraseFamily: familyData.eraseFamily,
    /** The family's conversations with decrypted text and the children's daily usage, for the parent's export. */
    exportFamilyData: familyData.exportFamilyData,
    /** A child's messages and minutes per family-local day, subjects and conversations started (the weekly report). */
    activityOf: activity.activityOf,
    definition(): ServiceDefinition {
      return { name: 'chat', graphql: graphqlContribution(chat, history) };
    },
  };
}
