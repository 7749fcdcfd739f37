// Who the console talks to the API as: a token kept in this browser, or none (the local user, in local mode).

const KEY = "vitrine.token";

export const ME = "query Me { me { email name workspace { name } } }";

export function createSession() {
  let token = localStorage.getItem(KEY);
  return {
    token: () => token,
    setToken(value) {
      token = value || null;
      if (token) localStorage.setItem(KEY, token);
      else localStorage.removeItem(KEY);
    },
  };
}
