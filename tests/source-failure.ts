// What a source's call failed with, expected to be a SourceError: the tests then read its reason and message.
import { expect } from 'vitest';
import { SourceError } from '@/lib/sources/types';

export async function sourceFailure(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}
