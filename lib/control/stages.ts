import type { HandlerTable } from './context';

export const stageHandlers: HandlerTable = {};
