import type { HandlerTable } from './context';

export const modelHandlers: HandlerTable = {};
