// Shared test setup: nothing global beyond jest-dom matchers for component tests.
import '@testing-library/jest-dom/vitest';
