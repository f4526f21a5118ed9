import type { HandlerTable } from './context';

export const sdkHandlers: HandlerTable = {};
