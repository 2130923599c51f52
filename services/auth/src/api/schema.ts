/** The auth service's part of the one GraphQL schema. Times are ISO-8601 strings (UTC). */
export const typeDefs = /* GraphQL */ `
  type AuthMessage { message: String! }
  type Me {
    id: ID!
    role: String!
    email: String
    emailVerified: Boolean
    familyId: ID
    childId: ID
    nickname: String
    orgId: ID
    orgRole: String
    classroomIds: [ID!]
    operatorRoles: [String!]
    mfaVerified: Boolean!
    locale: String
    timeZone: String
  }
  type SignInResult { me: Me!, sessionExpiresAt: String! }
  type OperatorSignInResult { me: Me!, sessionExpiresAt: String!, totpEnrollmentRequired: Boolean! }
  type Session { id: ID!, createdAt: String!, lastSeenAt: String!, expiresAt: String!, ip: String, userAgent: String, current: Boolean! }
  type Device { id: ID!, childId: ID!, createdAt: String!, lastSeenAt: String!, expiresAt: String!, userAgent: String }
  type Family { id: ID!, timeZone: String!, hasFamilyCode: Boolean!, children: [Child!]! }
  type QuietHours { start: String!, end: String! }
  type ParentalControls { dailyMinutes: Int, dailyMessages: Int, allowedSubjects: [String!]!, quietHours: [QuietHours!]! }
  type Child {
    id: ID!
    nickname: String!
    birthYear: Int
    grade: Int
    language: String!
    avatar: String
    paused: Boolean!
    hasPin: Boolean!
    consent: String!
  }
  type LinkedChild { id: ID!, nickname: String!, grade: Int }
  type DeviceLink { url: String!, qrDataUrl: String!, expiresAt: String! }
  type Organization { id: ID!, name: String! }
  type Classroom { id: ID!, orgId: ID!, name: String! }
  type ClassroomLink { id: ID!, classroomId: ID!, childId: ID!, status: String!, requestedAt: String! }
  type TotpEnrollment { otpauthUri: String!, qrDataUrl: String! }
  type UserSummary { id: ID!, email: String!, kind: String!, emailVerified: Boolean!, blocked: Boolean!, createdAt: String! }
  "One row of the operators' user directory: an account, a child (acted on through its guardian) or an organization."
  type DirectoryEntry {
    kind: String!
    id: ID!
    label: String!
    accountId: ID
    familyId: ID
    orgId: ID
    "A child's guardian email, a teacher's organization."
    context: String
    emailVerified: Boolean
    blocked: Boolean
    createdAt: String!
  }
  type AccountChild { id: ID!, nickname: String!, grade: Int, language: String!, paused: Boolean!, consent: String!, createdAt: String! }
  type AccountFamily { id: ID!, timeZone: String!, createdAt: String!, hasFamilyCode: Boolean!, children: [AccountChild!]! }
  type AccountClassroom { id: ID!, name: String! }
  type AccountOrganization { id: ID!, name: String!, role: String!, classrooms: [AccountClassroom!]! }
  type AccountDetail {
    id: ID!
    kind: String!
    email: String!
    emailVerified: Boolean!
    blocked: Boolean!
    blockedReason: String
    locale: String!
    timeZone: String!
    createdAt: String!
    passwordChangedAt: String!
    totpEnrolled: Boolean!
    operatorRoles: [String!]!
    family: AccountFamily
    organization: AccountOrganization
    sessions: [Session!]!
    childDeviceSessions: Int!
    lastVerificationSentAt: String
  }
  type OrganizationTeacher { userId: ID!, email: String!, role: String!, blocked: Boolean!, classrooms: Int! }
  type OrganizationClassroom { id: ID!, name: String!, teacherEmail: String!, linkedChildren: Int! }
  type OrganizationDetail { id: ID!, name: String!, createdAt: String!, teachers: [OrganizationTeacher!]!, classrooms: [OrganizationClassroom!]! }
  type SessionsRevoked { sessions: Int!, devices: Int! }
  type AccountSettings { locale: String!, timeZone: String! }

  input SignUpInput { email: String!, password: String!, locale: String, timeZone: String }
  input LogInInput { email: String!, password: String!, remember: Boolean }
  input OperatorLogInInput { email: String!, password: String!, totpCode: String }
  input ChildInput { nickname: String, birthYear: Int, grade: Int, language: String, avatar: String, pin: String, paused: Boolean }
  input QuietHoursInput { start: String!, end: String! }
  input ParentalControlsInput { dailyMinutes: Int, dailyMessages: Int, allowedSubjects: [String!]!, quietHours: [QuietHoursInput!]! }

  extend type Query {
    me: Me
    sessions: [Session!]!
    family: Family!
    children: [Child!]!
    child(id: ID!): Child!
    parentalControls(childId: ID!): ParentalControls!
    devices: [Device!]!
    classroomLinks(childId: ID!): [ClassroomLink!]!
    organizations: [Organization!]!
    classrooms: [Classroom!]!
    classroomChildren(classroomId: ID!): [LinkedChild!]!
    linkedChild(childId: ID!): LinkedChild!
    "Accounts by id or email prefix, children by id or nickname prefix, organizations by id or name (support, admin)."
    searchDirectory(query: String!): [DirectoryEntry!]!
    "An account's page; opening it is audited."
    account(id: ID!): AccountDetail!
    organization(id: ID!): OrganizationDetail!
  }

  extend type Mutation {
    signUp(input: SignUpInput!): AuthMessage!
    verifyEmail(token: String!): Boolean!
    logIn(input: LogInInput!): SignInResult!
    logOut: Boolean!
    requestPasswordReset(email: String!): AuthMessage!
    resetPassword(token: String!, newPassword: String!): Boolean!
    changePassword(currentPassword: String!, newPassword: String!): SignInResult!
    unlockAccount(token: String!): Boolean!
    revokeSession(id: ID!): Boolean!
    addChild(input: ChildInput!): Child!
    updateChild(id: ID!, input: ChildInput!): Child!
    giveConsent(childId: ID!, password: String!): String!
    withdrawConsent(childId: ID!): String!
    updateParentalControls(childId: ID!, input: ParentalControlsInput!): ParentalControls!
    regenerateFamilyCode: String!
    issueDeviceLink(childId: ID!): DeviceLink!
    revokeDevice(id: ID!): Boolean!
    childSignInWithLink(token: String!): SignInResult!
    childSignInWithPin(familyCode: String!, nickname: String!, pin: String!): SignInResult!
    createOrganization(name: String!, adminEmail: String!): Organization!
    inviteTeacher(orgId: ID!, email: String!, role: String): ID!
    acceptInvitation(token: String!, password: String!): SignInResult!
    createClassroom(orgId: ID!, name: String!): Classroom!
    requestClassroomLink(classroomId: ID!, familyCode: String!, nickname: String!): AuthMessage!
    approveClassroomLink(id: ID!): ClassroomLink!
    rejectClassroomLink(id: ID!): ClassroomLink!
    removeClassroomLink(id: ID!): ClassroomLink!
    operatorLogIn(input: OperatorLogInInput!): OperatorSignInResult!
    enrollTotp: TotpEnrollment!
    verifyTotp(code: String!): SignInResult!
    blockAccount(userId: ID!, reason: String!): UserSummary!
    unblockAccount(userId: ID!): UserSummary!
    setOperatorRoles(userId: ID!, roles: [String!]!): [String!]!
    "Sends a new verification link (to yourself without userId); earlier links stop working. Returns when it was sent."
    resendVerificationEmail(userId: ID): String!
    "Ends every session of a user; with includeDevices also the children's devices a parent signed in."
    revokeUserSessions(userId: ID!, includeDevices: Boolean): SessionsRevoked!
    "The signed-in parent's or teacher's language and time zone (mail, notifications, quiet hours)."
    updateAccountSettings(locale: String, timeZone: String): AccountSettings!
    "Deletes the signed-in parent's family: confirmation is their email address. Cannot be undone."
    deleteFamily(password: String!, confirmation: String!): Boolean!
  }
`;
