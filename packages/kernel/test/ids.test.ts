import { describe, expect, it } from 'vitest';
import { idFloor, idTime, isId, newId } from '../src/ids';

describe('ids', () => {
  it('are prefixed and sort by creation order', () => {
    const ids = Array.from({ length: 1000 }, () => newId('chd'));
    expect(ids.every((id) => isId('chd', id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('encode their creation time', () => {
    const before = Date.now();
    const id = newId('evt');
    expect(Math.abs(idTime(id).getTime() - before)).toBeLessThan(5000);
  });

  it('have floors that bound them by creation time', () => {
    const id = newId('msg');
    const at = idTime(id);
    expect(idFloor('msg', at) <= id).toBe(true);
    expect(idFloor('msg', new Date(at.getTime() + 1)) > id).toBe(true);
    expect(idTime(idFloor('msg', at)).getTime()).toBe(at.getTime());
  });

  it('reject bad prefixes and foreign ids', () => {
    expect(() => newId('Bad-Prefix')).toThrow(/invalid id prefix/);
    expect(isId('chd', newId('fam'))).toBe(false);
    expect(isId('chd', 'chd_not-a-ulid')).toBe(false);
  });
});
