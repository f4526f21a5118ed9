import type { HandlerTable } from './context';

export const tagHandlers: HandlerTable = {};
