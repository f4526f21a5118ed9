import type { HandlerTable } from './context';

export const documentationHandlers: HandlerTable = {};
