const EMOJI: Record<string, string> = {
  bee: '🐝',
  cat: '🐱',
  dog: '🐶',
  rabbit: '🐰',
  panda: '🐼',
  fox: '🦊',
  owl: '🦉',
  penguin: '🐧',
};

export function avatarEmoji(avatar: string | null | undefined): string {
  return EMOJI[avatar ?? ''] ?? '🐝';
}

/** Decorative: the name next to it says who it is. */
export function Avatar({ avatar, size = 2 }: { avatar: string | null | undefined; size?: number }) {
  return (
    <span aria-hidden="true" className="mb-avatar" style={{ fontSize: `${size}rem` }}>
      {avatarEmoji(avatar)}
    </span>
  );
}
