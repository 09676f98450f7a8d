public enum IKEWirePlaceholder {}
