import type { FamilyScope } from '@manabee/contracts';
import type { Database, Executor, FamilyKeyring } from '@manabee/kernel';
import * as store from './store';

export type { FamilyScope };

export type ExportedMessage = {
  id: string;
  role: 'child' | 'tutor';
  text: string;
  subject: string;
  createdAt: string;
  /** What the safety check did, when it did more than allow the message. */
  safety?: { action: string; severity: string; categories: string[] };
  /** A tutor reply that was stopped, cut by safety or failed says so. */
  outcome?: string;
};

export type ExportedConversation = {
  id: string;
  childId: string;
  subject: string;
  title: string | null;
  startedAt: string;
  lastMessageAt: string;
  endedAt: string | null;
  messages: ExportedMessage[];
};

export type ChatFamilyExport = {
  conversations: ExportedConversation[];
  dailyUsage: Array<{ childId: string; day: string; messages: number; minutes: number }>;
};

/** Messages are read in pages of this many: one query per page, not per conversation or message. */
const MESSAGE_PAGE = 1000;

const iso = (value: Date | string) => new Date(value).toISOString();

/** A parent's copy of what chat holds about the family, and its erasure when the family is deleted. */
export function createFamilyData(deps: { database: Database; keyring: FamilyKeyring }) {
  const { database, keyring } = deps;

  async function messageOf(row: store.MessageRow): Promise<ExportedMessage> {
    const message: ExportedMessage = {
      id: row.id,
      role: row.role,
      text: await keyring.open(database.db, row.family_id, row.text_sealed, `msg:${row.id}`),
      subject: row.subject,
      createdAt: iso(row.created_at),
    };
    if (row.safety_action !== 'allow') {
      message.safety = {
        action: row.safety_action,
        severity: row.safety_severity,
        categories: row.safety_categories ? row.safety_categories.split(',') : [],
      };
    }
    if (row.outcome && row.outcome !== 'completed') message.outcome = row.outcome;
    return message;
  }

  return {
    /**
     * Deletes the family's conversations, messages and the children's daily
     * usage in `executor` (the caller's transaction). Idempotent: a second
     * call deletes nothing. In-memory reply streams are left to expire: they
     * are readable only by the child's own session, which auth has ended.
     */
    async eraseFamily(executor: Executor, family: FamilyScope): Promise<Record<string, number>> {
      return store.deleteFamilyRows(executor, family.familyId, family.childIds);
    },

    /**
     * Every conversation of the family, oldest first, with its messages
     * decrypted, and the children's usage per day. Which model answered and
     * its tokens are in the ai service's part of the export; reply cost is
     * internal pricing and stays out.
     */
    async exportFamilyData(family: FamilyScope): Promise<ChatFamilyExport> {
      const db = database.db;
      const conversations: ExportedConversation[] = [];
      const byId = new Map<string, ExportedConversation>();
      for (const row of await store.familyConversations(db, family.familyId)) {
        const conversation: ExportedConversation = {
          id: row.id,
          childId: row.child_id,
          subject: row.subject,
          title: row.title_sealed
            ? await keyring.open(db, row.family_id, row.title_sealed, `cnv:${row.id}`)
            : null,
          startedAt: iso(row.created_at),
          lastMessageAt: iso(row.updated_at),
          endedAt: row.ended_at ? iso(row.ended_at) : null,
          messages: [],
        };
        conversations.push(conversation);
        byId.set(row.id, conversation);
      }
      let after: { conversationId: string; id: string } | undefined;
      for (;;) {
        const rows = await store.familyMessagesPage(db, family.familyId, { after, limit: MESSAGE_PAGE });
        // One at a time: the first open loads the family key, the rest reuse it.
        for (const row of rows) {
          // A conversation begun while the export runs is not in this copy, nor are its messages.
          const conversation = byId.get(row.conversation_id);
          if (conversation) conversation.messages.push(await messageOf(row));
        }
        const last = rows.at(-1);
        if (!last || rows.length < MESSAGE_PAGE) break;
        after = { conversationId: last.conversation_id, id: last.id };
      }
      const dailyUsage = (await store.dailyUsageOfChildren(db, family.childIds)).map((row) => ({
        childId: row.child_id,
        day: row.day,
        messages: Number(row.messages),
        minutes: Math.floor(Number(row.active_seconds) / 60),
      }));
      return { conversations, dailyUsage };
    },
  };
}
