import type { HandlerTable } from './context';

export const testInvokeHandlers: HandlerTable = {};
