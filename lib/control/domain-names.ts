import type { HandlerTable } from './context';

export const domainNameHandlers: HandlerTable = {};
