import type { HandlerTable } from './context';

export const authorizerHandlers: HandlerTable = {};
