import type { HandlerTable } from './context';

export const requestValidatorHandlers: HandlerTable = {};
