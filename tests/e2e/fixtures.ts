import { expect, type Page } from '@playwright/test';
import { E2E_PASSWORDS } from '../../playwright.config';

export type DemoRole = keyof typeof E2E_PASSWORDS;

export async function signIn(page: Page, role: DemoRole) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(`${role}@fleet.local`);
  await page.getByLabel('Password').fill(E2E_PASSWORDS[role]);
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page).not.toHaveURL(/sign-in/);
}
