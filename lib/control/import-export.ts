import type { HandlerTable } from './context';

export const importExportHandlers: HandlerTable = {};
