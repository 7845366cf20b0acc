/**
 * Wire models of the Genesys Platform API, taken from the official SDK's own typings
 * (purecloud-platform-client-v2, index.d.ts) so that every reply the stand-in builds is checked against
 * the shapes the real SDK declares. Type-only: nothing of the SDK is loaded at run time.
 */
import type platformClient from 'purecloud-platform-client-v2';

export type Action = platformClient.Models.Action;
export type ActionConfig = platformClient.Models.ActionConfig;
export type RequestConfig = platformClient.Models.RequestConfig;
export type ResponseConfig = platformClient.Models.ResponseConfig;
export type ActionEntityListing = platformClient.Models.ActionEntityListing;
export type PostActionInput = platformClient.Models.PostActionInput;
export type UpdateActionInput = platformClient.Models.UpdateActionInput;
export type UpdateDraftInput = platformClient.Models.UpdateDraftInput;
export type PublishDraftInput = platformClient.Models.PublishDraftInput;
export type DraftValidationResult = platformClient.Models.DraftValidationResult;
export type TestExecutionResult = platformClient.Models.TestExecutionResult;
export type ErrorBody = platformClient.Models.ErrorBody;
export type ErrorDetail = platformClient.Models.Detail;
export type Integration = platformClient.Models.Integration;
export type IntegrationType = platformClient.Models.IntegrationType;
export type IntegrationConfiguration = platformClient.Models.IntegrationConfiguration;
export type Credential = platformClient.Models.Credential;
export type CredentialInfo = platformClient.Models.CredentialInfo;
export type CredentialType = platformClient.Models.CredentialType;

/** The paging envelope every Genesys `...EntityListing` shares. */
export interface EntityListing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total: number;
  pageCount: number;
  firstUri: string;
  selfUri: string;
  lastUri: string;
  nextUri?: string;
  previousUri?: string;
}
