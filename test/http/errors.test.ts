import { expect } from 'chai';
import { describe, it } from 'mocha';
import {
  ApiError, AuthenticationError, InternalServerError, InvalidJsonError, InvalidRequestError, MethodNotAllowedError,
  ModelNotFoundError, PayloadTooLargeError, RateLimitError, RouteNotFoundError, ServiceUnavailableError,
  UnsupportedMediaTypeError, toErrorBody,
} from '../../src/http/errors.js';

describe('ApiError and its subclasses', () => {
  it('carry the status, OpenAI type, code, param and headers a client should see', () => {
    const cases: Array<[ApiError, number, string, string | null, string | null]> = [
      [new InvalidRequestError("'model' is required", 'model'), 400, 'invalid_request_error', null, 'model'],
      [new InvalidJsonError(), 400, 'invalid_request_error', 'invalid_json', null],
      [new AuthenticationError(), 401, 'invalid_request_error', 'invalid_api_key', null],
      [new RouteNotFoundError('GET', '/nope'), 404, 'invalid_request_error', 'not_found', null],
      [new ModelNotFoundError('gpt-x'), 404, 'invalid_request_error', 'model_not_found', 'model'],
      [new MethodNotAllowedError('PUT', ['GET', 'HEAD']), 405, 'invalid_request_error', 'method_not_allowed', null],
      [new PayloadTooLargeError(10), 413, 'invalid_request_error', 'request_too_large', null],
      [new UnsupportedMediaTypeError('text/plain'), 415, 'invalid_request_error', 'unsupported_media_type', null],
      [new RateLimitError('slow down', 2), 429, 'rate_limit_error', 'rate_limit_exceeded', null],
      [new InternalServerError(), 500, 'server_error', 'internal_error', null],
      [new ServiceUnavailableError(), 503, 'server_error', 'service_unavailable', null],
    ];
    for (const [error, status, type, code, param] of cases) {
      expect(error).to.be.instanceOf(ApiError);
      expect([error.status, error.type, error.code, error.param], error.name).to.deep.equal([status, type, code, param]);
    }
  });

  it('puts retry-after and allow into headers', () => {
    expect(new RateLimitError('x', 3).headers).to.deep.equal({ 'retry-after': '3' });
    expect(new RateLimitError('x').headers).to.deep.equal({});
    expect(new ServiceUnavailableError('busy', 1).headers).to.deep.equal({ 'retry-after': '1' });
    expect(new MethodNotAllowedError('PUT', ['GET', 'POST']).headers).to.deep.equal({ allow: 'GET, POST' });
  });

  it('serialises to the OpenAI error object', () => {
    const body = toErrorBody(new ModelNotFoundError('gpt-x'));
    expect(body).to.deep.equal({
      error: { message: "The model 'gpt-x' does not exist.", type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
    });
  });

  it('names itself after its class and keeps a cause', () => {
    const cause = new SyntaxError('bad');
    const error = new InvalidJsonError(cause);
    expect(error.name).to.equal('InvalidJsonError');
    expect(error.cause).to.equal(cause);
  });
});
