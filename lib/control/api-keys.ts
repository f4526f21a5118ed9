import type { HandlerTable } from './context';

export const apiKeyHandlers: HandlerTable = {};
