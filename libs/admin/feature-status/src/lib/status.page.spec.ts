import { SERVICES_API, STATUS_HTML, STATUS_JS, STATUS_PATH } from './status.page';

describe('the status page', () => {
  it('holds no inline script (the CSP allows scripts from self only) and loads its own', () => {
    expect(STATUS_HTML).toContain(`<script src="${STATUS_PATH}/status.js"></script>`);
    expect(STATUS_HTML.match(/<script/g)).toHaveLength(1);
  });

  it('asks for the token in a password field', () => {
    expect(STATUS_HTML).toMatch(/<input id="token" type="password"/);
  });

  it('ships a script that parses, reads the services overview with the token and refreshes', () => {
    expect(() => new Function(STATUS_JS)).not.toThrow();
    expect(STATUS_JS).toContain(`fetch('${SERVICES_API}'`);
    expect(STATUS_JS).toContain("authorization: 'Bearer ' + token");
    expect(STATUS_JS).toContain('sessionStorage');
  });
});
