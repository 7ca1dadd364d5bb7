from django.apps import AppConfig


class SakipConfig(AppConfig):
    name = "sakip"
    verbose_name = "SAKIP: organisasi dan pengguna"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from simple_history.signals import post_create_historical_record

        from sakip import backends, versi_data
        from sakip.models import Pemda, PerangkatDaerah, User

        # Each audited change gives its pemda a new data version (cached dashboards).
        post_create_historical_record.connect(versi_data.catat_perubahan, dispatch_uid="sakip-versi-data")
        # The signed-in user kept in the shared cache is renewed after a change of it or its organisation.
        for signal in (post_save, post_delete):
            signal.connect(backends.pengguna_berubah, sender=User, dispatch_uid=f"sakip-pengguna-{signal}")
            for model in (Pemda, PerangkatDaerah):
                signal.connect(
                    backends.organisasi_berubah, sender=model, dispatch_uid=f"sakip-organisasi-{model}-{signal}"
                )
