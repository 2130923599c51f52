import { AppError, type GraphQLContribution, issuesFromZod, type RequestContext } from '@manabee/kernel';
import { z } from 'zod';
import type { createReports } from '../reports';

const typeDefs = /* GraphQL */ `
  "One day of the week in the family's zone."
  type ReportDay {
    "YYYY-MM-DD"
    date: String!
    "Messages the child sent."
    messages: Int!
    "Active learning minutes (as the daily limit counts them)."
    minutes: Int!
  }
  "The child's messages about one subject."
  type ReportSubject { subject: String!, messages: Int! }
  "Safety alerts raised about the child, by severity: counts, never content."
  type ReportSeverityCount { severity: String!, count: Int! }
  """
  The child's messages in the week that the safety check flagged under one concern category: a count,
  never what was said. Categories, most serious first: self_harm, grooming, bullying, violence, sexual,
  hate, drugs, profanity.
  """
  type ReportConcernCount { category: String!, messages: Int! }
  "The week before, for comparison."
  type ReportComparison { totalMessages: Int!, totalMinutes: Int!, activeDays: Int! }
  """
  Something worth saying about the week; the web app words it. Kinds: streak (count: longest run of
  consecutive active days, 2 or more), top_subject (subject), new_subject (subject not asked about in the
  4 weeks before), most_active_day (date, count: messages), more_than_last_week / less_than_last_week
  (count: change of minutes in percent, rounded, as a magnitude; 10 or more), quiet_week (no activity).
  """
  type ReportHighlight { kind: String!, subject: String, date: String, count: Int }
  "A child's learning week, Monday to Sunday in the family's time zone. Counts only: no child text."
  type WeeklyReport {
    childId: ID!
    nickname: String!
    "Monday, YYYY-MM-DD"
    weekStart: String!
    "Sunday, YYYY-MM-DD"
    weekEnd: String!
    timeZone: String!
    "False while the week is still running."
    complete: Boolean!
    "Seven entries, Monday first."
    days: [ReportDay!]!
    totalMessages: Int!
    totalMinutes: Int!
    activeDays: Int!
    "Conversations started that week."
    conversations: Int!
    "Most messages first."
    subjects: [ReportSubject!]!
    previous: ReportComparison!
    "Alerts raised about the child that week, most severe first; ones a reviewer marked false positive are left out."
    safetyAlerts: [ReportSeverityCount!]!
    "The child's flagged messages per concern category (personal information is not one), in the order above; zero counts left out."
    concerns: [ReportConcernCount!]!
    highlights: [ReportHighlight!]!
  }
  extend type Query {
    "A child's week: the current one by default, or the week containing weekOf (YYYY-MM-DD). Parents of the family only."
    weeklyReport(childId: ID!, weekOf: String): WeeklyReport!
  }
`;

const args = z.object({
  childId: z.string().min(1).max(64),
  weekOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
    .nullable()
    .optional(),
});

type Reports = ReturnType<typeof createReports>;

export function graphqlContribution(reports: Reports): GraphQLContribution {
  return {
    typeDefs,
    resolvers: {
      Query: {
        weeklyReport: async (_: unknown, raw: unknown, ctx: RequestContext) => {
          const parsed = args.safeParse(raw);
          if (!parsed.success)
            throw new AppError('VALIDATION_FAILED', {
              detail: 'Invalid arguments',
              issues: issuesFromZod(parsed.error),
            });
          return reports.weeklyReport(ctx.principal, parsed.data);
        },
      },
    },
  };
}
