/**
 * Passwords seen most often in breach corpora (NCSC "100k most common",
 * SecLists top lists), lower-cased. NIST SP 800-63B §5.1.1.2 asks verifiers to
 * refuse such values; a full breach list (or a k-anonymity lookup) belongs in
 * the service, this inline list is the floor that works offline.
 * Short entries stay on purpose: with a digit or two appended they reach the
 * minimum length, and `isCommonPassword` also checks that shape.
 */
// biome-ignore format: one word per line would bury the list
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456', 'password', '12345678', 'qwerty', '123456789', '12345', '1234', '111111', '1234567', 'dragon',
  '123123', 'baseball', 'abc123', 'football', 'monkey', 'letmein', '696969', 'shadow', 'master', '666666',
  'qwertyuiop', '123321', 'mustang', '1234567890', 'michael', '654321', 'superman', '1qaz2wsx', '7777777',
  '121212', '000000', 'qazwsx', '123qwe', 'killer', 'trustno1', 'jordan', 'jennifer', 'zxcvbnm', 'asdfgh',
  'hunter', 'buster', 'soccer', 'harley', 'batman', 'andrew', 'tigger', 'sunshine', 'iloveyou', '2000',
  'charlie', 'robert', 'thomas', 'hockey', 'ranger', 'daniel', 'starwars', 'klaster', '112233', 'george',
  'computer', 'michelle', 'jessica', 'pepper', '1111', 'zxcvbn', '555555', '11111111', '131313', 'freedom',
  '777777', 'pass', 'maggie', '159753', 'aaaaaa', 'ginger', 'princess', 'joshua', 'cheese', 'amanda',
  'summer', 'love', 'ashley', 'nicole', 'chelsea', 'biteme', 'matthew', 'access', 'yankees', '987654321',
  'dallas', 'austin', 'thunder', 'taylor', 'matrix', 'minecraft', 'welcome', 'welcome1', 'password1',
  'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'admin', 'admin123',
  'administrator', 'root', 'toor', 'login', 'qwerty123', 'qwerty1234', 'qwerty12345', 'qwertyuiop123',
  '1q2w3e4r', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5', 'zaq12wsx', '1qazxsw2', 'asdfghjkl', 'asdf1234',
  'abcd1234', 'abcdefgh', 'abcdefghij', 'abcdef123', 'a1b2c3d4', 'aa123456', 'abc12345', '123abc',
  '12341234', '123456a', '123456789a', '0123456789', '0987654321', '9876543210', '1234567891',
  '12345678910', '123456789012', '1111111111', '0000000000', '5555555555', '1212121212', '123123123',
  '123321123', '147258369', '741852963', '159357', '147852', '987654', 'iloveyou1', 'iloveyou123',
  'iloveyou2', 'loveyou', 'lovely', 'babygirl', 'angel', 'butterfly', 'flower', 'purple', 'orange',
  'banana', 'chocolate', 'cookie', 'pokemon', 'pikachu', 'naruto', 'doraemon', 'hellokitty', 'snoopy',
  'spiderman', 'ironman', 'fortnite', 'roblox', 'youtube', 'google', 'facebook', 'instagram', 'whatever',
  'trustno1234', 'letmein123', 'welcome123', 'changeme', 'secret', 'secret123', 'default', 'guest',
  'test', 'test123', 'test1234', 'testtest', 'qwe123', 'qweasd', 'qweasdzxc', 'zxcvbnm123', 'asdasd',
  'nihao', 'woaini', 'woaini1314', '5201314', '1314520', 'sakura', 'tokyo', 'nippon', 'arigatou',
  'sayonara', 'doragon', 'gundam', 'onepiece', 'manabee', 'manabee123', 'princess1', 'sunshine1',
  'football1', 'baseball1', 'superman1', 'monkey123', 'dragon123', 'shadow123', 'master123', 'michael1',
  'jordan23', 'hello', 'hello123', 'hello1234', 'helloworld', 'family', 'familia', 'contraseña',
  'contrasena', 'teamo', 'tequiero', 'sarang', 'saranghae', 'mother', 'father', 'school', 'student',
  'teacher', 'internet', 'samsung', 'apple', 'iphone', 'android', 'windows', 'linux', 'mypassword',
  'mypass', 'passpass', 'password!', 'password01', 'qwerty!', 'lovelove', 'asdfasdf', 'asdfghjkl123',
]);

const TRAILING_DIGITS_OR_SYMBOLS = /[\d\s!@#$%^&*()_+\-=.,?~]+$/u;

/** True for a listed password, or a listed word dressed up with trailing digits/symbols ("dragon2024!"). */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  const base = lower.replace(TRAILING_DIGITS_OR_SYMBOLS, '');
  return base.length >= 4 && base !== lower && COMMON_PASSWORDS.has(base);
}
