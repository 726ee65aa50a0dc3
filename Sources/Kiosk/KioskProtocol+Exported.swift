// Kiosk's public API speaks the protocol's values (Yen, PaymentID, the views); whoever imports
// Kiosk gets them without a second import.
@_exported public import KioskProtocol
