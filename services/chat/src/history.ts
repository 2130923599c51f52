import { AppError, type Database, type Executor, type FamilyKeyring, type Principal } from '@manabee/kernel';
import type { ChatAction } from './chat';
import type { ChildProfile } from './ports';
import * as store from './store';

export interface HistoryDeps {
  publish: (tx: Executor, name: string, payload: Record<string, unknown>) => Promise<unknown>;
  now: () => Date;
  database: Database;
  keyring: FamilyKeyring;
  profileOf: (childId: string) => Promise<ChildProfile>;
  authorize: (
    principal: Principal | null,
    action: ChatAction,
    child: { childId: string; familyId: string },
  ) => void;
}

export interface ConversationView {
  id: string;
  childId: string;
  title: string;
  subject: string;
  messageCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface MessageView {
  id: string;
  conversationId: string;
  role: 'child' | 'tutor';
  text: string;
  subject: string;
  createdAt: Date;
  safetyAction: string;
  safetyCategories: string[];
  outcome: string | null;
}

const SEARCH_SCAN_LIMIT = 2000;

/**
 * Reading history: children read their own, parents their children's. Text
 * is unsealed here, in the service, and only for an authorized reader.
 */
export function createHistory(deps: HistoryDeps) {
  const { database, keyring } = deps;

  async function childFor(principal: Principal | null, childId: string, action: ChatAction) {
    if (!principal) throw new AppError('UNAUTHENTICATED');
    let profile: ChildProfile;
    try {
      profile = await deps.profileOf(childId);
    } catch {
      throw new AppError('NOT_FOUND', { detail: 'Child was not found' });
    }
    try {
      deps.authorize(principal, action, { childId, familyId: profile.familyId });
    } catch (error) {
      // Someone else's child is indistinguishable from a missing one (no IDOR probing).
      if (error instanceof AppError && error.code === 'FORBIDDEN')
        throw new AppError('NOT_FOUND', { detail: 'Child was not found' });
      throw error;
    }
    return profile;
  }

  async function conversationFor(principal: Principal | null, conversationId: string, action: ChatAction) {
    const conversation = await store.findConversation(database.db, conversationId);
    if (!conversation) throw new AppError('NOT_FOUND', { detail: 'Conversation was not found' });
    await childFor(principal, conversation.child_id, action);
    return conversation;
  }

  async function toConversationView(row: store.ConversationRow): Promise<ConversationView> {
    return {
      id: row.id,
      childId: row.child_id,
      title: row.title_sealed
        ? await keyring.open(database.db, row.family_id, row.title_sealed, `cnv:${row.id}`)
        : '',
      subject: row.subject,
      messageCount: Number(row.message_count),
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
    };
  }

  async function toMessageView(row: store.MessageRow): Promise<MessageView> {
    return {
      id: row.id,
      conversationId: row.conversation_id,
      role: row.role,
      text: await keyring.open(database.db, row.family_id, row.text_sealed, `msg:${row.id}`),
      subject: row.subject,
      createdAt: new Date(row.created_at),
      safetyAction: row.safety_action,
      safetyCategories: row.safety_categories ? row.safety_categories.split(',') : [],
      outcome: row.outcome,
    };
  }

  return {
    async conversations(
      principal: Principal | null,
      childId: string,
      page: { first: number; after?: string | undefined },
    ) {
      await childFor(principal, childId, 'conversation.read');
      const first = clamp(page.first, 1, 50);
      const rows = await store.listConversations(database.db, childId, {
        before: page.after,
        limit: first + 1,
      });
      const items = await Promise.all(rows.slice(0, first).map(toConversationView));
      return { items, nextCursor: rows.length > first ? items.at(-1)!.id : null };
    },

    async conversation(principal: Principal | null, conversationId: string) {
      return toConversationView(await conversationFor(principal, conversationId, 'conversation.read'));
    },

    async messages(
      principal: Principal | null,
      conversationId: string,
      page: { last: number; before?: string | undefined },
    ) {
      await conversationFor(principal, conversationId, 'conversation.read');
      const last = clamp(page.last, 1, 100);
      const rows = await store.listMessages(database.db, conversationId, {
        before: page.before,
        limit: last + 1,
      });
      const hasMore = rows.length > last;
      const items = await Promise.all((hasMore ? rows.slice(1) : rows).map(toMessageView));
      return { items, previousCursor: hasMore ? items[0]!.id : null };
    },

    /** Decrypts and searches a child's recent history in the service (per child, bounded). */
    async search(principal: Principal | null, childId: string, query: string) {
      await childFor(principal, childId, 'conversation.read');
      const needle = query.normalize('NFKC').trim().toLowerCase();
      if (needle.length < 1 || needle.length > 100)
        throw new AppError('VALIDATION_FAILED', { detail: 'Search for 1 to 100 characters' });
      const rows = await store.recentMessagesOfChild(database.db, childId, SEARCH_SCAN_LIMIT);
      const hits: MessageView[] = [];
      for (const row of rows) {
        const view = await toMessageView(row);
        if (view.text.normalize('NFKC').toLowerCase().includes(needle)) hits.push(view);
        if (hits.length >= 50) break;
      }
      return hits;
    },

    /** The child leaves (or starts a new chat): the conversation ends once, with an event. */
    async end(principal: Principal | null, conversationId: string) {
      if (principal?.role !== 'child') throw new AppError(principal ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      const conversation = await conversationFor(principal, conversationId, 'chat.send');
      return database.transaction(async (tx) => {
        if (!(await store.endConversation(tx, conversation.id))) return false;
        await deps.publish(tx, 'chat.conversation.ended', {
          conversationId: conversation.id,
          childId: conversation.child_id,
          familyId: conversation.family_id,
          reason: 'child_left',
          messageCount: Number(conversation.message_count),
          endedAt: deps.now().toISOString(),
        });
        return true;
      });
    },

    async delete(principal: Principal | null, conversationId: string) {
      const conversation = await conversationFor(principal, conversationId, 'conversation.delete');
      return database.transaction((tx) => store.deleteConversation(tx, conversation.id));
    },
  };
}

/** A child's message unsealed for the safety service's missed-message report. */
export interface ChildMessageForReview {
  text: string;
  lang: string | null;
  familyId: string;
  childId: string;
  scannedCategories: string[];
  scannedSeverity: string;
}

/**
 * For the composition root only (no principal: the caller, the safety service,
 * has authorized its reviewer). A tutor reply or an unknown id is null.
 */
export function createMessageReader(deps: Pick<HistoryDeps, 'database' | 'keyring' | 'profileOf'>) {
  return async function childMessage(messageId: string): Promise<ChildMessageForReview | null> {
    const row = await store.findMessage(deps.database.db, messageId);
    if (row?.role !== 'child') return null;
    let lang: string | null = null;
    try {
      lang = (await deps.profileOf(row.child_id)).lang;
    } catch {
      // The child's profile is gone; the safety service guesses the language from the text.
    }
    return {
      text: await deps.keyring.open(deps.database.db, row.family_id, row.text_sealed, `msg:${row.id}`),
      lang,
      familyId: row.family_id,
      childId: row.child_id,
      scannedCategories: row.safety_categories ? row.safety_categories.split(',') : [],
      scannedSeverity: row.safety_severity,
    };
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(Math.trunc(value) || min, min), max);
}
