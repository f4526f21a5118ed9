import type { HandlerTable } from './context';

export const integrationHandlers: HandlerTable = {};
