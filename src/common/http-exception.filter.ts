import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode, ErrorDetail } from './errors';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
  errorId?: string;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** The one place errors become HTTP answers: stable codes for 4xx, an errorId and no internals for 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<FastifyReply>();
    const body = this.toBody(exception, http.getRequest<FastifyRequest | undefined>());
    if (res.sent) return;
    void res.code(body.statusCode).send(body);
  }

  private toBody(exception: unknown, req: FastifyRequest | undefined): ErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details };
    }
    // Fastify's body errors arrive raw (its JSON parser's SyntaxError) or wrapped by Nest in an HttpException with
    // the original as cause (FastifyErrors, with a FST_ code). An empty JSON body is a 400 that must read as malformed
    // JSON; a body too large (413) or not JSON (415) gets its code from STATUS_CODES like any other HttpException.
    const cause = exception instanceof HttpException ? exception.cause : exception;
    const fastifyCode = (cause as { code?: unknown } | undefined)?.code;
    if (cause instanceof SyntaxError || fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return { statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const response = exception.getResponse() as { message?: string | string[]; code?: string; details?: ErrorDetail[] };
      const messages = Array.isArray(response?.message) ? response.message : undefined;
      const code = (response?.code as ErrorCode) ?? STATUS_CODES[status] ?? 'VALIDATION_FAILED';
      return {
        statusCode: status,
        code,
        message: messages ? messages.join('; ') : String(response?.message ?? exception.message),
        details: response?.details ?? messages?.map((message) => ({ message })),
      };
    }
    if (exception instanceof HttpException && exception.getStatus() === HttpStatus.SERVICE_UNAVAILABLE) {
      // Terminus answers a failed health check with its report ({status, info, error, details}): keep it.
      const report = exception.getResponse();
      return {
        ...(typeof report === 'object' ? report : {}),
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: typeof report === 'object' && 'error' in report ? 'A dependency is down' : exception.message,
      };
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, reqId: req?.id, err: exception }, `Unhandled error ${errorId}`);
    return {
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: `An unexpected error occurred; quote errorId ${errorId} to support`,
      errorId,
    };
  }
}
