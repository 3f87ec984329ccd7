import { describe, expect, it } from 'vitest';
import { EngineRequestError, EngineUnavailableError, ImageNotFoundError, InvalidRunSpecError } from '../errors';
import { mapDockerError } from './docker-error-mapping';

// Shapes as docker-modem produces them: Node socket errors, and Errors carrying the engine's reply.
const socketError = (code: string) => Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code });
const engineReply = (statusCode: number, message: string) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) - ${message}`), { statusCode, json: { message } });

const context = { endpoint: 'unix:///var/run/docker.sock', operation: 'create a container', image: 'nope:1' };

describe('mapDockerError', () => {
  it('turns a missing socket into EngineUnavailableError that says how to start an engine', () => {
    const error = mapDockerError(socketError('ENOENT'), context);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect(error.code).toBe('ENGINE_UNAVAILABLE');
    expect(error.message).toContain('unix:///var/run/docker.sock');
    expect(error.message).toContain('the socket does not exist');
    expect(error.message).toMatch(/dockerd|systemctl start docker/);
    expect(error.message).toContain('DOCKER_HOST');
  });

  it('tells a permission problem apart from a missing engine', () => {
    expect(mapDockerError(socketError('EACCES'), context).message).toContain("add your user to the 'docker' group");
  });

  it('treats a timeout as an unreachable engine', () => {
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
    expect(mapDockerError(abort, context)).toBeInstanceOf(EngineUnavailableError);
  });

  it('turns "No such image" into ImageNotFoundError naming the image', () => {
    const error = mapDockerError(engineReply(404, 'No such image: nope:1'), context);
    expect(error).toBeInstanceOf(ImageNotFoundError);
    expect(error.code).toBe('IMAGE_NOT_FOUND');
    expect(error.message).toContain("'nope:1'");
    expect(error.message).toContain('docker pull nope:1');
  });

  it('keeps other engine refusals as EngineRequestError with the status and the engine message', () => {
    const error = mapDockerError(engineReply(409, 'Conflict. The container name "/x" is already in use'), context);
    expect(error).toBeInstanceOf(EngineRequestError);
    expect(error).toMatchObject({ code: 'ENGINE_REQUEST_FAILED', statusCode: 409 });
    expect(error.message).toContain('create a container');
    expect(error.message).toContain('already in use');
  });

  it('does not mistake a 404 for a missing container for a missing image', () => {
    expect(mapDockerError(engineReply(404, 'No such container: abc'), context)).toBeInstanceOf(EngineRequestError);
  });

  it('passes our own errors through unchanged', () => {
    const own = new InvalidRunSpecError('command is empty');
    expect(mapDockerError(own, context)).toBe(own);
  });
});
