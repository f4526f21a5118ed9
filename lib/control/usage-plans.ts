import type { HandlerTable } from './context';

export const usagePlanHandlers: HandlerTable = {};
