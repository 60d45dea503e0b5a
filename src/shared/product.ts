/** The product's name, as windows, mail, the About box, the authenticator app and the installer show it. */
export const APP_NAME = 'Local Accounts'
