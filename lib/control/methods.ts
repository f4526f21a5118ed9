import type { HandlerTable } from './context';

export const methodHandlers: HandlerTable = {};
