import type { HandlerTable } from './context';

export const resourceHandlers: HandlerTable = {};
