export const typeDefs = /* GraphQL */ `
  "A turn of the conversation just before a flagged message."
  type SafetyContextTurn {
    role: String!
    text: String!
  }

  "A safety alert. Lists carry no text; flaggedText and context are filled only by safetyAlert (audited)."
  type SafetyAlert {
    id: ID!
    childId: ID!
    conversationId: ID
    source: String!
    "The most severe category."
    category: String!
    categories: [String!]!
    severity: String!
    raisedAt: String!
    acknowledgedAt: String
    acknowledgedBy: ID
    flaggedText: String
    "A few turns before the flagged message, not the whole conversation."
    context: [SafetyContextTurn!]
  }

  type ReviewNote {
    id: ID!
    authorId: ID!
    text: String!
    createdAt: String!
  }

  type ReviewItem {
    id: ID!
    familyId: ID!
    childId: ID!
    source: String!
    category: String!
    categories: [String!]!
    severity: String!
    "new, in_review, resolved or false_positive."
    state: String!
    raisedAt: String!
    claimedBy: ID
    claimedAt: String
    resolvedBy: ID
    resolvedAt: String
    "Seconds it waited for a reviewer (until claimed or closed, or until now)."
    waitedSeconds: Int!
    noteCount: Int!
    flaggedText: String
    context: [SafetyContextTurn!]
    notes: [ReviewNote!]
  }

  type ReviewQueuePage {
    total: Int!
    items: [ReviewItem!]!
  }

  type BulkReviewSkip {
    alertId: ID!
    reason: String!
  }

  type BulkReviewResult {
    updated: [ID!]!
    skipped: [BulkReviewSkip!]!
  }

  input ReviewQueueFilter {
    "Default: new and in_review."
    states: [String!]
    severities: [String!]
    category: String
    "Only alerts raised at least this many minutes ago."
    minAgeMinutes: Int
    "Only alerts raised at most this many minutes ago."
    maxAgeMinutes: Int
    claimedBy: ID
  }

  type KeywordList {
    lang: String!
    "Null while the language runs on the list shipped with Manabee."
    listId: ID
    version: String!
    entryCount: Int!
    allowCount: Int!
    activatedAt: String
    activatedBy: ID
    "The list as JSON, to edit and save as a new version."
    json: String!
  }

  type KeywordListVersion {
    id: ID!
    lang: String!
    version: String!
    entryCount: Int!
    allowCount: Int!
    note: String
    createdBy: ID!
    createdAt: String!
    lastActivatedAt: String
    active: Boolean!
  }

  type SafetySpan {
    start: Int!
    end: Int!
    text: String!
    category: String!
    severity: String!
    detector: String!
    rule: String!
  }

  type SafetyPhraseResult {
    categories: [String!]!
    severity: String!
    action: String!
    spans: [SafetySpan!]!
    redactedText: String!
    keywordVersions: [String!]!
  }

  "What the live scanner runs: the classifier model's version and the active keyword lists' versions."
  type SafetyScannerVersions {
    "Null when the scanner runs without a classifier."
    classifier: String
    keywords: [String!]!
  }

  "A child's message a reviewer reported as missed: a labelled example for the next training run."
  type MissedMessageReport {
    id: ID!
    messageId: ID!
    category: String!
    "self_harm only: passive, active, method, intent or behaviour."
    level: String
    reportedBy: ID!
    createdAt: String!
  }

  extend type Query {
    "The signed-in parent's family alerts, newest first."
    safetyAlerts(childId: ID, acknowledged: Boolean, severities: [String!], first: Int = 20, before: ID): [SafetyAlert!]!
    "One alert with the flagged message and its short context (the view is audited)."
    safetyAlert(id: ID!): SafetyAlert!
    "Safety reviewers: the queue, most severe and longest waiting first."
    reviewQueue(filter: ReviewQueueFilter, first: Int = 50, offset: Int = 0): ReviewQueuePage!
    "Safety reviewers: one alert with its text, context and notes (the view is audited)."
    reviewItem(id: ID!): ReviewItem!
    keywordLists(lang: String): [KeywordList!]!
    keywordListVersions(lang: String!): [KeywordListVersion!]!
    "Runs a phrase through the real scanner, with the active lists or a draft list in place of its language's."
    testSafetyPhrase(lang: String!, text: String!, draftJson: String, source: String): SafetyPhraseResult!
    "Safety reviewers: the versions the live scanner runs (classifier and keyword lists)."
    safetyScannerVersions: SafetyScannerVersions!
  }

  extend type Mutation {
    acknowledgeSafetyAlert(id: ID!): SafetyAlert!
    claimReview(id: ID!): ReviewItem!
    "outcome: resolved or false_positive (kept as training feedback)."
    resolveReview(id: ID!, outcome: String!, note: String): ReviewItem!
    bulkResolveReviews(ids: [ID!]!, outcome: String!, note: String): BulkReviewResult!
    addReviewNote(id: ID!, text: String!): ReviewNote!
    "Safety reviewers: a child's message the scanner should have caught, with the category it belongs to."
    reportMissedMessage(messageId: ID!, category: String!, level: String, note: String): MissedMessageReport!
    "Validates the whole list; a list with any problem is rejected and the active one keeps working."
    saveKeywordList(json: String!, note: String, activate: Boolean): KeywordListVersion!
    activateKeywordListVersion(id: ID!): KeywordList!
    "Re-activates the list that was active before the current one."
    rollbackKeywordList(lang: String!): KeywordList!
  }
`;
